// One trigger with a full pre-roll: the buffer holds PreRollSeconds of the stream, the trigger
// comes at its newest frame, and the rest of the stream follows at its own pace (as the camera
// would deliver it) on this thread while the writer works.
using System.Collections.Concurrent;
using System.Diagnostics;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Core.Recording;
using BodyCamDevice.ReferenceMuxer;

namespace BodyCamDevice.Benchmarks.Recording;

internal sealed record TriggerResult(
    double BacklogMegabytes, int BacklogGops, double FirstDurableMilliseconds, double BacklogDurableMilliseconds,
    int Fragments, double DurableMegabytes, double AudioWaitMilliseconds);

internal static class TriggerProbe
{
    // muxers: what muxes the clip. standby: when set (the reference ffmpeg muxer; muxers is its
    // Factory), a muxer is started ahead of the trigger; the in-process muxer needs none.
    // evidence: sign, chain and (encrypting) encrypt the clip as the device does; null writes a
    // plain clip.
    public static TriggerResult Run(CameraEncoder stream, double preRollSeconds, ClipMuxerFactory muxers, ClipMuxerStandby? standby, BenchEvidence? evidence = null)
    {
        string directory = Directory.CreateTempSubdirectory("bodycam-bench-trigger-").FullName;
        try
        {
            var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(preRollSeconds) });
            long first = stream.Units[0].Pts;
            long triggerAt = first + (long)((preRollSeconds + 1) * 90_000);
            int index = 0;
            for (; stream.Units[index].Pts < triggerAt; index++)
            {
                Append(buffer, stream.Units[index]);
            }

            PreRecordStatistics statistics = buffer.GetStatistics();
            long triggerPts = stream.Units.Take(index).Last(unit => unit.Kind == MediaStreamKind.Video).Pts;
            long oldest = triggerPts - (long)(statistics.BufferedDuration.TotalSeconds * 90_000);
            int gops = stream.Units.Take(index).Count(unit => unit.IsKeyframe && unit.Pts >= oldest);
            // The first audio unit kept (timestamp at or after the trigger) arrives when the camera
            // writes it: after every unit before it in the stream, each due at its own timestamp.
            int firstAudio = stream.Units.FindIndex(index, unit => unit.Kind == MediaStreamKind.Audio && unit.Pts >= triggerPts);
            long audioArrival = stream.Units.Skip(index).Take(firstAudio - index + 1).Max(unit => unit.Pts);

            if (standby is not null)
            {
                // As a device muxing with ffmpeg did when buffering started, long before a trigger.
                standby.Prepare(new ClipMuxerSettings(IncludeAudio: true, RecordingCommand.Options(directory).FragmentDuration));
                Thread.Sleep(500);
            }

            var observer = new Timings();
            var clock = Stopwatch.StartNew();
            RecordingSession session = RecordingSession.Start(
                buffer.OpenReader(), RecordingCommand.Trigger(triggerPts, stream.Pat, stream.Pmt),
                RecordingCommand.Options(directory), new RecordingServices { Observer = observer, Muxers = muxers, Evidence = evidence?.For(directory) });

            // Live frames at their own time after the trigger, until the backlog is on storage.
            while (observer.Fragments < gops - 1 && index < stream.Units.Count)
            {
                TimeSpan due = TimeSpan.FromSeconds((stream.Units[index].Pts - triggerPts) / 90_000.0);
                if (due > clock.Elapsed)
                {
                    Thread.Sleep(TimeSpan.FromMilliseconds(1));
                    continue;
                }

                Append(buffer, stream.Units[index++]);
            }

            double backlogDurable = observer.TimeOf(gops - 1);
            session.StopAsync(new RecordingStopRequest(StopReason.RecordButton, DateTimeOffset.UtcNow)).Wait();
            return new TriggerResult(
                statistics.BytesUsed / 1e6, gops, observer.TimeOf(1), backlogDurable, observer.Fragments,
                observer.DurableBytes / 1e6, (audioArrival - triggerPts) / 90.0);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Append(PreRecordBuffer buffer, CameraEncoder.Unit unit) =>
        buffer.Append(unit.Packets, unit.Kind, unit.Pts, unit.Dts, unit.Flags);

    // When each fragment of clip 1 became durable, in milliseconds after the trigger.
    private sealed class Timings : IRecordingObserver
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly ConcurrentDictionary<int, double> _fragmentTimes = new();

        public int Fragments => _fragmentTimes.Count;

        public long DurableBytes { get; private set; }

        public double TimeOf(int fragment) => _fragmentTimes.GetValueOrDefault(fragment, double.NaN);

        public void Durable(string recordingId, int clipIndex, DurableProgress progress)
        {
            if (clipIndex == 1 && progress.Segment == Mp4Segment.Fragment)
            {
                _fragmentTimes.TryAdd(progress.Fragments, _clock.Elapsed.TotalMilliseconds);
                DurableBytes = progress.DurableBytes;
            }
        }
    }
}
