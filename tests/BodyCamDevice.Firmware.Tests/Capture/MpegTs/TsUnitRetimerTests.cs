// Retiming a recorded unit's packets (what the virtual camera replays): the PES header's PTS and
// DTS and a PCR move by the same ticks, modulo the 33-bit clock, and continuity counters run on
// per PID from one unit to the next.
using BodyCamDevice.Firmware.Capture.Camera.Virtual;
using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.MpegTs;

public class TsUnitRetimerTests
{
    private const long Modulus = 1L << 33;

    [Test]
    public void TheTimestampsMoveByTheSameTicksAndWrapAt33Bits()
    {
        var keyframe = VirtualCameraClip.Default.Video[0];
        byte[] packets = [.. keyframe.Packets];
        var before = Timestamps(packets);
        var delta = Modulus - before.Pts + 5;

        new TsUnitRetimer().Retime(packets, delta);

        var after = Timestamps(packets);
        Assert.That(after.Pts, Is.EqualTo(5), "wrapped past 2^33");
        Assert.That(after.Dts, Is.EqualTo(((before.Dts + delta) % Modulus + Modulus) % Modulus));
        Assert.That(packets.Length, Is.EqualTo(keyframe.Packets.Length));
    }

    [Test]
    public void APcrMovesWithTheUnit()
    {
        var unit = VirtualCameraClip.Default.Video.First(candidate => Pcr(candidate.Packets) is not null);
        byte[] packets = [.. unit.Packets];
        var before = Pcr(packets)!.Value;

        new TsUnitRetimer().Retime(packets, 90_000);

        Assert.That(Pcr(packets), Is.EqualTo(before + 90_000));
    }

    [Test]
    public void ContinuityCountersRunOnPerPidAcrossUnits()
    {
        var retimer = new TsUnitRetimer();
        var counters = new List<(int Pid, int Counter)>();
        foreach (var unit in VirtualCameraClip.Default.Video.Take(20).Concat(VirtualCameraClip.Default.Video.Take(20)))
        {
            byte[] packets = [.. unit.Packets];
            retimer.Retime(packets, 0);
            for (var offset = 0; offset < packets.Length; offset += TsPacket.Size)
            {
                if ((packets[offset + 3] & 0x10) != 0)
                {
                    counters.Add((((packets[offset + 1] & 0x1F) << 8) | packets[offset + 2], packets[offset + 3] & 0x0F));
                }
            }
        }

        Assert.That(counters.Select(entry => entry.Pid).Distinct().Count(), Is.EqualTo(1));
        Assert.That(counters.Select(entry => entry.Counter), Is.EqualTo(Enumerable.Range(0, counters.Count).Select(n => n % 16)));
    }

    private static (long Pts, long Dts) Timestamps(byte[] packets)
    {
        Assert.That(TsPacketHeader.TryParse(packets, out var header) && header.PayloadUnitStart, Is.True);
        Assert.That(PesHeader.TryParse(packets.AsSpan(header.PayloadOffset), out var pes), Is.True);
        return (pes.Pts, pes.HasDts ? pes.Dts : pes.Pts);
    }

    // The PCR base of the first packet that carries one, or null.
    private static long? Pcr(byte[] packets)
    {
        for (var offset = 0; offset < packets.Length; offset += TsPacket.Size)
        {
            var packet = packets.AsSpan(offset, TsPacket.Size);
            if ((packet[3] & 0x20) != 0 && packet[4] >= 7 && (packet[5] & 0x10) != 0)
            {
                return ((long)packet[6] << 25) | ((long)packet[7] << 17) | ((long)packet[8] << 9) | ((long)packet[9] << 1) | (long)(packet[10] >> 7);
            }
        }

        return null;
    }
}
