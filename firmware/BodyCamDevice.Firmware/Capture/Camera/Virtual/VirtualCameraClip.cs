// The recording the virtual camera replays: virtual-camera.ts (made by make-virtual-camera-clip.sh
// beside it and built into the firmware as a resource), split once into access units by the
// device's own TsAccessUnitSplitter. Kept: the program tables, the video from the first keyframe
// up to (not including) the last keyframe, so the loop is whole GOPs, and as many audio units as
// fill the same time, so video and audio loop together. Timestamps are kept as offsets from the
// loop's start (90 kHz ticks): video from the first keyframe's DTS, audio from the first unit's.
// Immutable once loaded; shared by every virtual camera.
using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Capture.Camera.Virtual;

/// <param name="Packets">The unit's 188-byte TS packets as recorded (never changed: copied before retiming).</param>
/// <param name="PtsOffset">Presentation time from the loop's start.</param>
/// <param name="DtsOffset">Decode time from the loop's start.</param>
internal sealed record VirtualCameraUnit(byte[] Packets, int Pid, long PtsOffset, long DtsOffset, long OriginalDts, AccessUnitFlags Flags)
{
    public bool IsKeyframe => (Flags & AccessUnitFlags.Keyframe) != 0;
}

internal sealed class VirtualCameraClip
{
    public const string ResourceName = "virtual-camera.ts";

    private static readonly Lazy<VirtualCameraClip> Builtin = new(() =>
    {
        using Stream stream = typeof(VirtualCameraClip).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the firmware lacks its {ResourceName} resource");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return Parse(bytes.ToArray());
    });

    private VirtualCameraClip(ProgramTablePackets tables, IReadOnlyList<VirtualCameraUnit> video, IReadOnlyList<VirtualCameraUnit> audio, long loopTicks, long videoStep)
    {
        Tables = tables;
        Video = video;
        Audio = audio;
        LoopTicks = loopTicks;
        VideoStep = videoStep;
    }

    /// <summary>The clip the firmware carries.</summary>
    public static VirtualCameraClip Default => Builtin.Value;

    public ProgramTablePackets Tables { get; }

    /// <summary>Whole GOPs, in decode order, the first a keyframe with SPS/PPS.</summary>
    public IReadOnlyList<VirtualCameraUnit> Video { get; }

    /// <summary>The audio units of one loop, in order; empty for a clip without audio.</summary>
    public IReadOnlyList<VirtualCameraUnit> Audio { get; }

    /// <summary>The loop's length (90 kHz ticks): the video frames times their step.</summary>
    public long LoopTicks { get; }

    /// <summary>Ticks between video frames.</summary>
    public long VideoStep { get; }

    /// <summary>Splits an MPEG-TS recording; throws <see cref="InvalidDataException"/> for one that cannot loop.</summary>
    public static VirtualCameraClip Parse(ReadOnlySpan<byte> transportStream)
    {
        var collector = new Collector();
        var splitter = new TsAccessUnitSplitter(collector);
        splitter.Push(transportStream);
        splitter.Flush();
        if (collector.Tables is not { } tables)
        {
            throw new InvalidDataException("the clip has no PAT and PMT");
        }

        List<(AccessUnitInfo Info, byte[] Packets)> video = collector.Units.Where(unit => unit.Info.Stream == ElementaryStreamKind.Video).ToList();
        List<int> keyframes = [.. Enumerable.Range(0, video.Count).Where(n => video[n].Info.IsKeyframe)];
        if (keyframes.Count < 2 || !video[keyframes[0]].Info.HasParameterSets)
        {
            throw new InvalidDataException("the clip needs at least two keyframes, the first with SPS/PPS");
        }

        List<(AccessUnitInfo Info, byte[] Packets)> loop = video.GetRange(keyframes[0], keyframes[^1] - keyframes[0]);
        long videoStart = loop[0].Info.Dts;
        long videoStep = (video[keyframes[^1]].Info.Dts - videoStart) / loop.Count;
        long loopTicks = videoStep * loop.Count;
        if (videoStep <= 0)
        {
            throw new InvalidDataException("the clip's video timestamps do not rise");
        }

        List<(AccessUnitInfo Info, byte[] Packets)> audio = collector.Units.Where(unit => unit.Info.Stream == ElementaryStreamKind.Audio).ToList();
        long audioStart = audio.Count > 0 ? audio[0].Info.Dts : 0;
        List<(AccessUnitInfo Info, byte[] Packets)> audioLoop = [.. audio.Where(unit => unit.Info.Dts - audioStart < loopTicks)];
        return new VirtualCameraClip(
            tables,
            [.. loop.Select(unit => Unit(unit, videoStart))],
            [.. audioLoop.Select(unit => Unit(unit, audioStart))],
            loopTicks,
            videoStep);
    }

    // What the unit is (keyframe, parameter sets), without what the recording said about its own
    // stream's breaks: a replay is one unbroken stream, so discontinuity_indicator is cleared too.
    private static VirtualCameraUnit Unit((AccessUnitInfo Info, byte[] Packets) unit, long start)
    {
        const AccessUnitFlags Kept = AccessUnitFlags.Keyframe | AccessUnitFlags.ParameterSets | AccessUnitFlags.RandomAccess;
        for (int offset = 0; offset + TsPacket.Size <= unit.Packets.Length; offset += TsPacket.Size)
        {
            Span<byte> packet = unit.Packets.AsSpan(offset, TsPacket.Size);
            if ((packet[3] & 0x20) != 0 && packet[4] > 0)
            {
                packet[5] &= 0x7F;
            }
        }

        return new(unit.Packets, unit.Info.Pid, unit.Info.Pts - start, unit.Info.Dts - start, unit.Info.Dts, unit.Info.Flags & Kept);
    }

    private sealed class Collector : IAccessUnitSink
    {
        public List<(AccessUnitInfo Info, byte[] Packets)> Units { get; } = [];

        public ProgramTablePackets? Tables { get; private set; }

        public void OnAccessUnit(in AccessUnitInfo unit, ReadOnlySpan<byte> packets)
        {
            if ((unit.Flags & AccessUnitFlags.NoTimestamp) == 0)
            {
                Units.Add((unit, packets.ToArray()));
            }
        }

        public void OnProgramTables(ReadOnlySpan<byte> patPacket, ReadOnlySpan<byte> pmtPacket) =>
            Tables ??= new ProgramTablePackets(patPacket, pmtPacket);
    }
}
