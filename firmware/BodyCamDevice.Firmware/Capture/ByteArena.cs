namespace BodyCamDevice.Firmware.Capture;

// The pre-record buffer's frame bytes: one array allocated up front at the byte capacity, used as
// a ring. Every frame is contiguous, so a reader gets a single ReadOnlyMemory view; a frame that
// does not fit before the physical end starts again at offset 0 and the tail is left unused (at
// most one frame's worth, so the usable capacity is slightly below Capacity).
//
// Positions are logical and only grow; the physical offset is the position modulo Capacity. What
// is still in use is decided by the caller (the oldest retained or held frame). Not thread-safe:
// the buffer reserves under its lock and then copies outside it into the reserved region.
internal sealed class ByteArena
{
    private readonly byte[] _bytes;

    public ByteArena(int capacity)
    {
        _bytes = GC.AllocateUninitializedArray<byte>(capacity);
    }

    public int Capacity => _bytes.Length;

    // Where the next frame may start; everything at or after it is free.
    public long WritePosition { get; private set; }

    // Whether a frame of `length` bytes fits when everything before oldestInUse is free.
    public bool Fits(int length, long oldestInUse)
    {
        if (length > Capacity)
        {
            return false;
        }

        return oldestInUse >= WritePosition || PlacementOf(length) + length - oldestInUse <= Capacity;
    }

    // Claims the region for a frame the caller has checked with Fits; returns its logical start.
    public long Reserve(int length)
    {
        long start = PlacementOf(length);
        WritePosition = start + length;
        return start;
    }

    public Span<byte> WritableSpan(long start, int length) => _bytes.AsSpan(PhysicalOffset(start), length);

    public ReadOnlyMemory<byte> View(long start, int length) => _bytes.AsMemory(PhysicalOffset(start), length);

    private long PlacementOf(int length)
    {
        int physical = PhysicalOffset(WritePosition);
        return physical + length > Capacity ? WritePosition + (Capacity - physical) : WritePosition;
    }

    private int PhysicalOffset(long position) => (int)(position % Capacity);
}
