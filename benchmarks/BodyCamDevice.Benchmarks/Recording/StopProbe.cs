// One recording of a given length, fed by the encoder as fast as it runs, then stopped once the
// writer has caught up with it: the time from StopAsync until the last manifest is on storage
// (with evidence: numbered, chained, signed; encrypted when it encrypts).
using System.Diagnostics;
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Benchmarks.Recording;

internal sealed record StopResult(double Megabytes, long VideoFrames, int Clips, double RecordSeconds, double StopMilliseconds, bool DigestMatches);

internal static class StopProbe
{
    public static StopResult Run(double seconds, BenchEvidence? evidence = null)
    {
        string directory = Directory.CreateTempSubdirectory("bodycam-bench-stop-").FullName;
        try
        {
            var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(1) });
            RecordingSession? session = null;
            var recording = Stopwatch.StartNew();
            CameraEncoder encoder = CameraEncoder.Feed(buffer, seconds, started =>
            {
                session = RecordingSession.Start(
                    buffer.OpenReader(), RecordingCommand.Trigger(started.LastVideoPts, started.Pat, started.Pmt), RecordingCommand.Options(directory),
                    new RecordingServices { Evidence = evidence?.For(directory) });
            });

            while (session!.LastSequenceRead < encoder.LastSequence)
            {
                Thread.Sleep(1);
            }

            // A stop comes while the writer waits for the next frames, as it does when live.
            Thread.Sleep(50);
            recording.Stop();
            var clock = Stopwatch.StartNew();
            RecordingResult result = session.StopAsync(new RecordingStopRequest(StopReason.RecordButton, DateTimeOffset.UtcNow)).Result;
            double stopMilliseconds = clock.Elapsed.TotalMilliseconds;
            if (result.Outcome != RecordingOutcome.Stopped)
            {
                throw new InvalidOperationException($"the recording ended {result.Outcome}: {result.Fault}");
            }

            bool digests = result.Clips.All(clip => RecordingCommand.Sha256(Path.Combine(directory, clip.File.Name)) == clip.File.Hash);
            return new StopResult(
                result.Clips.Sum(clip => clip.File.SizeBytes) / 1e6, result.Clips.Sum(clip => clip.Frames.VideoFrames),
                result.Clips.Count, recording.Elapsed.TotalSeconds, stopMilliseconds, digests);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
