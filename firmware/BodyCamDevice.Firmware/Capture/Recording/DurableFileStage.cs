// Last stage of the chain: writes the clip to its file and makes each finished part durable
// (fsync through FileStream.Flush(true)) at every init-segment and fragment boundary, so a
// SIGKILL or a power cut loses at most the fragment being written, and every earlier byte plays.
//
// The clip's name appears only with its first part synced behind it: the first bytes go to a
// hidden temporary file beside it (".<clip>.init"), which the first sync (the init segment's)
// renames to the clip's name, without ever replacing a file, and then syncs the directory entry,
// or a power cut could lose the whole file even though its data was synced. A power cut can
// therefore never leave an empty or half-written clip under a clip's name, which nothing could
// play (only, at worst, the temporary file with part of an init segment and no footage). The
// file is never overwritten or truncated. A clip for which the muxer produced nothing leaves no
// file. Nothing here deletes anything.
namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed class DurableFileStage : IRecordingStage, IDisposable
{
    private readonly Action<DurableProgress>? _onDurable;
    private FileStream? _file;
    private string? _temporary; // the file's name until its first sync
    private bool _completed;

    // onDurable runs on the writer task after each sync, with how far the file is now safe.
    public DurableFileStage(string path, Action<DurableProgress>? onDurable = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        _onDurable = onDurable;
    }

    public string Path { get; }

    public bool Created => _file is not null || _completed && File.Exists(Path);

    // Bytes written to the file, and the prefix of them that has been synced to storage.
    public long Length { get; private set; }

    public long DurableLength { get; private set; }

    public int DurableFragments { get; private set; }

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_file is null)
        {
            Open();
        }

        // Synchronous on purpose: file writes are synchronous on Linux anyway, and the caller
        // is the writer task, whose next frame waits for this fragment.
        _file!.Write(data.Span);
        Length += data.Length;
        return ValueTask.CompletedTask;
    }

    public ValueTask FragmentCompleteAsync(Mp4Segment segment, CancellationToken cancellationToken = default)
    {
        if (segment == Mp4Segment.Fragment)
        {
            DurableFragments++;
        }

        Sync(segment);
        return ValueTask.CompletedTask;
    }

    public ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (!_completed)
        {
            try
            {
                Sync(segment: null);
            }
            finally
            {
                _file?.Dispose();
                _file = null;
                _completed = true;
            }
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        _file?.Dispose();
        _file = null;
        _completed = true;
    }

    private void Open()
    {
        // Refused at once rather than at the first sync: an earlier recording's file stays as it is.
        if (File.Exists(Path))
        {
            throw new IOException($"{Path} already exists; a clip is never written over another file");
        }

        // FileShare.Read: the offload service and tests may read a clip while it is recorded.
        // FileMode.Create: a temporary file left by a power cut holds no footage.
        _temporary = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, "." + System.IO.Path.GetFileName(Path) + ".init");
        _file = new FileStream(_temporary, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
    }

    private void Sync(Mp4Segment? segment)
    {
        if (_file is null || DurableLength == Length)
        {
            return;
        }

        _file.Flush(flushToDisk: true);
        if (_temporary is not null)
        {
            // The open file keeps writing under its new name.
            File.Move(_temporary, Path, overwrite: false);
            DirectorySync.Sync(System.IO.Path.GetDirectoryName(Path)!);
            _temporary = null;
        }

        DurableLength = Length;
        _onDurable?.Invoke(new DurableProgress(Path, DurableLength, DurableFragments, segment));
    }
}

// How much of a clip file is safe on storage. Segment is the part that just ended, or null for
// the final sync when the clip is closed.
public readonly record struct DurableProgress(string Path, long DurableBytes, int Fragments, Mp4Segment? Segment);
