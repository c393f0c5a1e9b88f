// Appends the splitter's access units to the pre-record buffer, video and audio alike (whether a
// recording keeps pre-roll audio is the recording writer's decision), and keeps the camera's
// counters, its stream-to-wall-clock sample and the program tables.
//
// What an encoder sends is not trusted blindly: an encoder (or the pipe from it) that produces
// garbage yields units that are torn (the splitter flags lost or resynchronised packets), that
// claim to be keyframes without the SPS and PPS a clip must start with, or whose timestamps leap
// back or far ahead of the run's timeline (unless the next unit confirms the leap: a real jump).
// Such a unit is dropped and counted as damaged, never stored: one bad frame must not open a clip,
// end a recording or put a false gap into a clip. The buffer is told of each
// (PreRecordBuffer.Refuse): a recording declares the gap, and video resumes at the next good
// keyframe (later frames reference the lost one).
//
// Threads: OnAccessUnit and OnProgramTables run on the camera's reader thread and allocate nothing
// per unit; BeginRun is called before a run's reader starts; the getters may be called from any
// thread. One lock guards the counters and the clock sample and is held for a few field updates.
using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Capture.Camera;

internal sealed class PreRecordSink(PreRecordBuffer buffer, TimeProvider time) : IAccessUnitSink
{
    private readonly long _maximumStepTicks = MediaClock.FromTimeSpan(buffer.Options.MaximumTimestampStep);

    private const AccessUnitFlags Damage = AccessUnitFlags.ContinuityError | AccessUnitFlags.SyncLoss | AccessUnitFlags.Truncated;

    private readonly Lock _gate = new();
    private long _videoFrames;
    private long _audioFrames;
    private long _bytes;
    private long _refused;
    private long _untimed;
    private long _damaged;
    private int _run;
    private StreamClockSample? _latestVideo;
    private ProgramTablePackets? _tables;

    // Reader thread only (set by BeginRun before the reader starts).
    private bool _videoDiscontinuity;
    private bool _audioDiscontinuity;
    private bool _keyframeStored;

    // The decode timestamp of the last unit of each stream kept in this run; long.MinValue before the
    // first. A leap: the last unit dropped for leaving the timeline, which the next may confirm.
    private long _lastVideoDts;
    private long _lastAudioDts;
    private long _videoLeapDts;
    private long _audioLeapDts;
    private Action? _onVideoFrame;
    private Action? _onFirstKeyframe;

    public ProgramTablePackets? ProgramTables => Volatile.Read(ref _tables);

    // run: 1 for the first encoder process. Every later run starts a new timeline, so the first
    // unit of each stream is declared a discontinuity to the buffer.
    public void BeginRun(int run, Action onVideoFrame, Action onFirstKeyframe)
    {
        lock (_gate)
        {
            _run = run;
        }

        _videoDiscontinuity = _audioDiscontinuity = run > 1;
        _keyframeStored = false;
        _lastVideoDts = _lastAudioDts = _videoLeapDts = _audioLeapDts = long.MinValue;
        _onVideoFrame = onVideoFrame;
        _onFirstKeyframe = onFirstKeyframe;
    }

    public CameraSourceStatistics GetStatistics()
    {
        lock (_gate)
        {
            return new CameraSourceStatistics(_videoFrames, _audioFrames, _bytes, _refused, _untimed, _damaged, _run, _latestVideo);
        }
    }

    public void OnAccessUnit(in AccessUnitInfo unit, ReadOnlySpan<byte> packets)
    {
        bool video = unit.Stream == ElementaryStreamKind.Video;
        if ((unit.Flags & AccessUnitFlags.NoTimestamp) != 0)
        {
            // Never invent a timestamp. Later video frames depend on this one: the declared break
            // makes the buffer wait for the next keyframe.
            _videoDiscontinuity |= video;
            lock (_gate)
            {
                _untimed++;
            }

            return;
        }

        if (IsDamaged(unit, video))
        {
            buffer.Refuse(video ? MediaStreamKind.Video : MediaStreamKind.Audio);
            lock (_gate)
            {
                _damaged++;
            }

            return;
        }

        ref bool discontinuity = ref video ? ref _videoDiscontinuity : ref _audioDiscontinuity;
        FrameFlags flags = Translate(unit.Flags);
        if (discontinuity)
        {
            flags |= FrameFlags.Discontinuity;
            discontinuity = false;
        }

        AppendResult result = buffer.Append(packets, video ? MediaStreamKind.Video : MediaStreamKind.Audio, unit.Pts, unit.Dts, flags);
        bool firstKeyframe = video && result.Stored && unit.IsKeyframe && !_keyframeStored;
        _keyframeStored |= firstKeyframe;
        DateTimeOffset arrived = video ? time.GetUtcNow() : default;
        lock (_gate)
        {
            if (video)
            {
                _videoFrames++;
                _latestVideo = new StreamClockSample(unit.Pts, arrived, _run);
            }
            else
            {
                _audioFrames++;
            }

            _bytes += packets.Length;
            _refused += result.Stored ? 0 : 1;
        }

        if (video)
        {
            _onVideoFrame?.Invoke();
        }

        if (firstKeyframe)
        {
            _onFirstKeyframe?.Invoke();
        }
    }

    // Torn; a keyframe a clip cannot start with; or a decode timestamp going back, or forward by more
    // than the buffer's MaximumTimestampStep, from the stream's last unit kept in this run. A real
    // jump of the encoder's timeline (wall-clock timestamps when the clock is set) is followed:
    // the unit after the leap confirms it by continuing from it, and is kept; a lone garbage
    // timestamp is confirmed by nothing. Keeps the stream's last decode timestamp when the unit is good.
    private bool IsDamaged(in AccessUnitInfo unit, bool video)
    {
        if ((unit.Flags & Damage) != 0 || (video && unit.IsKeyframe && !unit.HasParameterSets))
        {
            return true;
        }

        ref long last = ref video ? ref _lastVideoDts : ref _lastAudioDts;
        ref long leap = ref video ? ref _videoLeapDts : ref _audioLeapDts;
        if (last != long.MinValue && !Continues(last, unit.Dts) && !(leap != long.MinValue && Continues(leap, unit.Dts)))
        {
            leap = unit.Dts;
            return true;
        }

        last = unit.Dts;
        leap = long.MinValue;
        return false;
    }

    private bool Continues(long from, long dts) => dts >= from && dts - from <= _maximumStepTicks;

    public void OnProgramTables(ReadOnlySpan<byte> patPacket, ReadOnlySpan<byte> pmtPacket)
    {
        if (_tables is null || !_tables.SameAs(patPacket, pmtPacket))
        {
            Volatile.Write(ref _tables, new ProgramTablePackets(patPacket, pmtPacket));
        }
    }

    private static FrameFlags Translate(AccessUnitFlags flags)
    {
        FrameFlags translated = FrameFlags.None;
        translated |= (flags & AccessUnitFlags.Keyframe) != 0 ? FrameFlags.Keyframe : 0;
        translated |= (flags & AccessUnitFlags.ParameterSets) != 0 ? FrameFlags.ParameterSets : 0;

        // The muxer announced a break in its timeline.
        translated |= (flags & AccessUnitFlags.Discontinuity) != 0 ? FrameFlags.Discontinuity : 0;
        return translated;
    }
}
