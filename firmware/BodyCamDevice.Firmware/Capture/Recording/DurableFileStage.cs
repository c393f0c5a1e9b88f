// Last stage of the chain: writes the clip to its file and makes each finished part durable
// (fsync through FileStream.Flush(true)) at every init-segment and fragment boundary, so a
// SIGKILL or a power cut loses at most the fragment being written, and every earlier byte plays.
//
// Group commit: while the source reports more input already waiting (the pre-roll backlog being
// remuxed in one burst), boundaries are only noted, and one fsync covers them all once the input
// has caught up — on this kind of storage thirty 1 MB fsyncs take several times as long as one
// 32 MB fsync. No more than MaximumDeferredBytes is ever left unsynced at a boundary, so a power
// cut during the burst loses a bounded amount (a SIGKILL loses nothing: the bytes are in the
// page cache). Live fragments arrive one at a time with the input caught up, and are synced alone.
//
// The file is created new (FileMode.CreateNew) on the first byte, never overwritten or truncated,
// and its directory entry is synced right away, or a power cut could lose the whole file even
// though its data was synced. A clip for which the muxer produced nothing leaves no file.
// Nothing here deletes anything.
namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed class DurableFileStage : IRecordingStage, IDisposable
{
    // About 4 s of 1080p at 8 Mbit/s.
    public const long MaximumDeferredBytes = 4 * 1024 * 1024;

    private readonly Action<DurableProgress>? _onDurable;
    private readonly bool _groupCommit;
    private FileStream? _file;
    private bool _completed;
    private bool _inputPending;

    // The last boundary noted but not yet synced (group commit), if any.
    private Mp4Segment? _unsyncedBoundary;

    // onDurable runs on the chain's task after each sync, with how far the file is now safe.
    // groupCommit false syncs every boundary at once, whatever the source reports.
    public DurableFileStage(string path, Action<DurableProgress>? onDurable = null, bool groupCommit = true)
    {
        Path = System.IO.Path.GetFullPath(path);
        _onDurable = onDurable;
        _groupCommit = groupCommit;
    }

    public string Path { get; }

    public bool Created => _file is not null || _completed && File.Exists(Path);

    // Bytes written to the file, and the prefix of them that has been synced to storage.
    public long Length { get; private set; }

    public long DurableLength { get; private set; }

    public int DurableFragments { get; private set; }

    // Fragments whose last byte has been written (synced or not yet).
    private int _completedFragments;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_file is null)
        {
            Open();
        }

        // Synchronous on purpose: file writes are synchronous on Linux anyway, and the caller
        // is the muxer output task, which has nothing else to do meanwhile.
        _file!.Write(data.Span);
        Length += data.Length;
        return ValueTask.CompletedTask;
    }

    public ValueTask FragmentCompleteAsync(Mp4Segment segment, CancellationToken cancellationToken = default)
    {
        if (segment == Mp4Segment.Fragment)
        {
            _completedFragments++;
        }

        if (_inputPending && Length - DurableLength < MaximumDeferredBytes)
        {
            _unsyncedBoundary = segment;
            return ValueTask.CompletedTask;
        }

        Sync(segment);
        return ValueTask.CompletedTask;
    }

    public ValueTask InputPendingChangedAsync(bool pending, CancellationToken cancellationToken = default)
    {
        _inputPending = pending && _groupCommit;
        if (!pending && _unsyncedBoundary is { } segment)
        {
            Sync(segment);
        }

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
        // FileShare.Read: the offload service and tests may read a clip while it is recorded.
        _file = new FileStream(Path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        DirectorySync.Sync(System.IO.Path.GetDirectoryName(Path)!);
    }

    private void Sync(Mp4Segment? segment)
    {
        if (_file is null || DurableLength == Length)
        {
            _unsyncedBoundary = null;
            return;
        }

        _file.Flush(flushToDisk: true);
        DurableLength = Length;
        DurableFragments = _completedFragments;
        _unsyncedBoundary = null;
        _onDurable?.Invoke(new DurableProgress(Path, DurableLength, DurableFragments, segment));
    }
}

// How much of a clip file is safe on storage. Segment is the part that just ended, or null for
// the final sync when the clip is closed.
public readonly record struct DurableProgress(string Path, long DurableBytes, int Fragments, Mp4Segment? Segment);
