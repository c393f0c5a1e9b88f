// VirtualCameraSource, part two: delivering the clip. Each run's video frame k is due k frame
// intervals after the run started; a one-shot timer per frame appends, under _gate, every unit due
// by then (the audio first, then the frame), each copied, retimed (TsUnitRetimer) and handed to
// the pre-record sink as the splitter would hand an encoder's. While the camera is broken frames
// are skipped, and it comes back at a keyframe.
using BodyCamDevice.Firmware.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Capture.Camera.Virtual;

public sealed partial class VirtualCameraSource
{
    // Under _gate: appends every unit due by now, then arms the timer for the next video frame.
    private void Advance(Run run)
    {
        TimeSpan elapsed = _time.GetElapsedTime(run.StartedAt);
        while (DueTime(VideoDts(run.NextVideo)) <= elapsed)
        {
            Deliver(run);
        }

        run.Timer?.Dispose();
        TimeSpan wait = DueTime(VideoDts(run.NextVideo)) - elapsed;

        // A fresh one-shot timer per frame: a fake clock that steps from one timer's due time to
        // the next stops at every frame.
        run.Timer = _time.CreateTimer(static state => ((Run)state!).Tick(), run, wait, Timeout.InfiniteTimeSpan);
    }

    // Under _gate: video frame NextVideo, after the audio due by its time.
    private void Deliver(Run run)
    {
        long videoDts = VideoDts(run.NextVideo);
        bool delivering = _condition == VirtualCameraCondition.Working;
        VirtualCameraUnit video = _clip.Video[(int)(run.NextVideo % _clip.Video.Count)];
        if (run.Resyncing && delivering && video.IsKeyframe)
        {
            // Back after a stall or a fault: from a keyframe, the audio from the same moment.
            run.Resyncing = false;
            while (_clip.Audio.Count > 0 && AudioDts(run.NextAudio) < videoDts)
            {
                run.NextAudio++;
            }
        }

        bool emit = delivering && !run.Resyncing;
        while (_clip.Audio.Count > 0 && AudioDts(run.NextAudio) <= videoDts)
        {
            if (emit)
            {
                Emit(_clip.Audio[(int)(run.NextAudio % _clip.Audio.Count)], ElementaryStreamKind.Audio, AudioDts(run.NextAudio));
            }

            run.NextAudio++;
        }

        if (emit)
        {
            Emit(video, ElementaryStreamKind.Video, videoDts);
        }
        else
        {
            run.Resyncing = true;
        }

        run.NextVideo++;
    }

    private void Emit(VirtualCameraUnit unit, ElementaryStreamKind stream, long dts)
    {
        int length = unit.Packets.Length;
        if (_scratch.Length < length)
        {
            _scratch = new byte[length];
        }

        Span<byte> packets = _scratch.AsSpan(0, length);
        unit.Packets.CopyTo(packets);
        long delta = dts - unit.OriginalDts;
        _retimer.Retime(packets, delta);
        long pts = dts + (unit.PtsOffset - unit.DtsOffset);
        var info = new AccessUnitInfo(_sequence++, stream, unit.Pid, pts, dts, unit.Flags, length / TsPacket.Size);
        _sink.OnAccessUnit(info, packets);
    }

    private long VideoDts(long frame) =>
        (frame / _clip.Video.Count * _clip.LoopTicks) + _clip.Video[(int)(frame % _clip.Video.Count)].DtsOffset;

    private long AudioDts(long unit) =>
        (unit / _clip.Audio.Count * _clip.LoopTicks) + _clip.Audio[(int)(unit % _clip.Audio.Count)].DtsOffset;

    // When a unit of the run's timeline is due, from the run's start: rounded up, so a timer armed
    // for it never fires before it.
    private static TimeSpan DueTime(long ticks) => TimeSpan.FromTicks(((ticks * 1000) + 8) / 9);

    // One run: its frame counters and timer. Fields belong to _gate.
    private sealed class Run
    {
        private readonly VirtualCameraSource _source;

        public Run(VirtualCameraSource source, int number)
        {
            _source = source;
            Number = number;
            StartedAt = source._time.GetTimestamp();
            Watchdog = new StallWatchdog(source._time, source._options.StartTimeout, source._options.StallTimeout, reason => source.OnStall(this, reason));
        }

        public int Number { get; }

        public long StartedAt { get; }

        public StallWatchdog Watchdog { get; }

        public ITimer? Timer { get; set; }

        public long NextVideo { get; set; }

        public long NextAudio { get; set; }

        // Frames are being skipped (broken camera) until the next keyframe that can be delivered.
        public bool Resyncing { get; set; }

        // The sink stored the run's first keyframe: Started is raised once _gate is released.
        public bool StartedPending { get; set; }

        public void Tick() => _source.OnTick(this);
    }
}
