namespace BodyCamDevice.Firmware.Tests.Capture;

// Bytes the current thread allocates in a piece of steady-state work, measured over several rounds.
// The runtime may allocate once on the test's thread (a method tiering up, or replaced on the stack,
// in the middle of a loop); that lands in one round. Work that allocates per item allocates in every
// round, so the least of the rounds is still zero only when the work itself allocates nothing.
internal static class ThreadAllocations
{
    public static long[] PerRound(int rounds, Action round)
    {
        long[] allocated = new long[rounds];
        for (int i = 0; i < rounds; i++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            round();
            allocated[i] = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        return allocated;
    }

    public static string Describe(long[] rounds) => $"bytes allocated per round: {string.Join(", ", rounds)}";
}
