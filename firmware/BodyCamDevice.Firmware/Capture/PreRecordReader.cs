namespace BodyCamDevice.Firmware.Capture;

// The recording writer's cursor into the pre-record buffer, opened at the trigger by
// PreRecordBuffer.OpenReader. Read hands out the backlog first and then live frames as the
// producer appends them, in sequence order, each exactly once; lost frames come as one Gap result
// instead of silently missing. Read never blocks: Empty means "caught up, try again later".
//
// Use from one thread (the recording writer). Dispose at the end of the recording: until then the
// buffer keeps every frame this reader has not read yet, except what the byte or frame cap forces
// out (reported as a gap).
public sealed class PreRecordReader : IDisposable
{
    private readonly PreRecordBuffer _buffer;

    internal PreRecordReader(PreRecordBuffer buffer, long nextPosition, long nextSequence)
    {
        _buffer = buffer;
        NextPosition = nextPosition;
        NextSequence = nextSequence;
    }

    // The state below belongs to the buffer and changes only under its lock.

    // Index position of the next entry to deliver; below FrameIndex.First once evicted.
    internal long NextPosition { get; set; }

    // Sequence number the reader expects next; a stored entry with a higher one means a gap.
    internal long NextSequence { get; set; }

    // Logical arena position of the frame last handed out, which the producer must not overwrite
    // while the writer may still be reading it; -1 when nothing is held.
    internal long HeldByteStart { get; set; } = -1;

    internal bool IsDisposed { get; set; }

    public ReadResult Read()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        return _buffer.Read(this);
    }

    // Whether a frame (or a gap) has come since this reader last reported Empty: Read would hand
    // something out. Any thread; false once disposed.
    public bool HasUnread => _buffer.HasUnread(this);

    // A new reader that will read what this one reads next, independently of it.
    internal PreRecordReader Fork() => _buffer.OpenReaderAt(this);

    public void Dispose() => _buffer.CloseReader(this);
}
