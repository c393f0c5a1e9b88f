// The virtual camera on a stepping fake clock: its built-in clip loops as whole GOPs with its
// audio; what it puts into the pre-record buffer has continuous, rising timestamps across the
// loops and a keyframe every second, and the packets themselves say so (PES timestamps, continuity
// counters: the firmware's splitter and ffprobe read them as one unbroken stream). Told to fail or
// stall, it is caught by the supervisor and its stall watchdog on virtual time, and recovers.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Capture.Camera.Virtual;
using BodyCamDevice.Firmware.Capture.MpegTs;
using BodyCamDevice.Firmware.Tests.Capture.MpegTs;

namespace BodyCamDevice.Firmware.Tests.Capture.Camera;

public sealed class VirtualCameraSourceTests
{
    private const long VideoStep = 90_000 / VirtualCameraSource.FrameRate;
    private const long AudioStep = 1024 * 90_000 / VirtualCameraSource.AudioSampleRate;

    private SteppingTimeProvider _time = null!;
    private PreRecordBuffer _buffer = null!;
    private VirtualCameraSource _camera = null!;
    private List<string> _events = null!;

    [SetUp]
    public void Create()
    {
        _time = new SteppingTimeProvider(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
        _buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(30), ByteCapacity = 8 * 1024 * 1024 });
        _camera = new VirtualCameraSource(new CameraOptions { StallTimeout = TimeSpan.FromSeconds(3), StartTimeout = TimeSpan.FromSeconds(10) }, _buffer, _time);
        _events = [];
        _camera.Started += () => _events.Add("started");
        _camera.Failed += reason => _events.Add("failed: " + reason);
    }

    [TearDown]
    public async Task Dispose() => await _camera.DisposeAsync();

    [Test]
    public void TheBuiltInClipLoopsAsWholeGopsWithTheAudioOfTheSameTime()
    {
        var clip = VirtualCameraClip.Default;

        Assert.Multiple(() =>
        {
            Assert.That(clip.Video, Has.Count.EqualTo(4 * VirtualCameraSource.FrameRate), "four seconds of video");
            Assert.That(Enumerable.Range(0, clip.Video.Count).Where(n => clip.Video[n].IsKeyframe), Is.EqualTo(new[] { 0, 15, 30, 45 }), "a keyframe every second");
            Assert.That(clip.Video[0].Flags.HasFlag(AccessUnitFlags.ParameterSets), Is.True, "SPS/PPS with the keyframe");
            Assert.That(clip.VideoStep, Is.EqualTo(VideoStep));
            Assert.That(clip.LoopTicks, Is.EqualTo(4 * 90_000));
            Assert.That(clip.Audio, Has.Count.EqualTo(125), "four seconds of 1024-sample AAC frames at 32 kHz");
            Assert.That(clip.Audio.Select(unit => unit.DtsOffset), Is.EqualTo(Enumerable.Range(0, 125).Select(n => n * AudioStep)));
            Assert.That(clip.Video.Concat(clip.Audio).Sum(unit => unit.Packets.Length), Is.LessThan(64 * 1024), "small");
        });
    }

    [Test]
    public async Task ItsUnitsRunOnAcrossLoopsWithRisingTimestampsAndAKeyframeEverySecond()
    {
        await _camera.StartAsync();
        _time.Step(TimeSpan.FromSeconds(10));

        var frames = ReadAll();
        var video = frames.Where(frame => frame.Frame.Kind == MediaStreamKind.Video).Select(frame => frame.Frame).ToArray();
        var audio = frames.Where(frame => frame.Frame.Kind == MediaStreamKind.Audio).Select(frame => frame.Frame).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(_events, Is.EqualTo(new[] { "started" }));
            Assert.That(video, Has.Length.EqualTo(10 * VirtualCameraSource.FrameRate + 1), "a frame every 1/15 s from 0 to 10 s, as they fell due");
            Assert.That(video.Select(frame => frame.DecodeTimestamp), Is.EqualTo(Enumerable.Range(0, video.Length).Select(n => n * VideoStep)), "on and on across the loop points");
            Assert.That(video.Where(frame => frame.IsKeyframe).Select(frame => frame.PresentationTimestamp), Is.EqualTo(Enumerable.Range(0, 11).Select(n => n * 90_000L)));
            Assert.That(video.Where(frame => frame.IsKeyframe), Has.All.Matches<EncodedFrame>(frame => frame.CarriesParameterSets));
            Assert.That(audio.Select(frame => frame.PresentationTimestamp), Is.EqualTo(Enumerable.Range(1, audio.Length).Select(n => n * AudioStep)), "every AAC frame after the first keyframe (the reader starts there)");
            Assert.That(audio[^1].PresentationTimestamp, Is.InRange(10 * 90_000 - AudioStep, 10 * 90_000), "the audio due by the last frame");
            Assert.That(frames.Where(frame => frame.Frame.IsDiscontinuity), Is.Empty, "one unbroken stream");
            Assert.That(_camera.LatestVideo, Is.EqualTo(new StreamClockSample(10 * 90_000, _time.GetUtcNow(), Run: 1)));
        });
    }

    [Test]
    public async Task ThePacketsCarryTheNewTimesAndReadAsOneUnbrokenStream()
    {
        await _camera.StartAsync();
        _time.Step(TimeSpan.FromSeconds(9));
        byte[] stream = [.. _camera.ProgramTables!.Pat.Span, .. _camera.ProgramTables.Pmt.Span, .. ReadAll().SelectMany(frame => frame.Data)];

        // The device's own splitter, as if an encoder had written it.
        var sink = new RecordingSink();
        var splitter = new TsAccessUnitSplitter(sink);
        splitter.Push(stream);
        splitter.Flush();
        Assert.That(splitter.ContinuityErrors, Is.Zero, "continuity counters run on across the loops");
        Assert.That(sink.Video.Select(unit => unit.Pts), Is.EqualTo(Enumerable.Range(0, sink.Video.Count()).Select(n => n * VideoStep)), "the PES headers hold the new times");
        Assert.That(sink.Units.Where(unit => (unit.Info.Flags & (AccessUnitFlags.Discontinuity | AccessUnitFlags.ContinuityError)) != 0), Is.Empty);
    }

    [Test]
    [Category("ffmpeg")]
    public async Task FfprobeReadsTheReplayAsOneStreamOfRisingTimestamps()
    {
        MediaToolsRequirement();
        await _camera.StartAsync();
        _time.Step(TimeSpan.FromSeconds(9));
        byte[] stream = [.. _camera.ProgramTables!.Pat.Span, .. _camera.ProgramTables.Pmt.Span, .. ReadAll().SelectMany(frame => frame.Data)];

        var lines = System.Text.Encoding.ASCII.GetString(FfmpegTool.Run("ffprobe", ["-v", "error", "-show_entries", "packet=codec_type,pts", "-of", "csv=p=0", "-f", "mpegts", "pipe:0"], stream))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var video = lines.Where(line => line.StartsWith("video", StringComparison.Ordinal)).Select(line => long.Parse(line.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.That(video, Has.Length.GreaterThanOrEqualTo(9 * VirtualCameraSource.FrameRate), "every frame, across two loop points");
        Assert.That(video.Zip(video.Skip(1), (a, b) => b - a), Has.All.EqualTo(VideoStep));
    }

    [Test]
    public async Task EachRunStartsItsTimelineAgainAndSaysSo()
    {
        await _camera.StartAsync();
        _time.Step(TimeSpan.FromSeconds(2));
        await _camera.StopAsync();
        _time.Step(TimeSpan.FromSeconds(1));
        Assert.That(ReadAll().Count(frame => frame.Frame.Kind == MediaStreamKind.Video), Is.EqualTo(31), "nothing while stopped");

        await _camera.StartAsync();
        _time.Step(TimeSpan.FromSeconds(1));
        var second = ReadAll().Select(frame => frame.Frame).Where(frame => frame.Kind == MediaStreamKind.Video).SkipWhile(frame => !frame.IsDiscontinuity).ToArray();
        Assert.That(second, Is.Not.Empty);
        Assert.That((second[0].PresentationTimestamp, second[0].IsKeyframe), Is.EqualTo((0L, true)), "the new run begins at 0 with a keyframe, a declared break");
        Assert.That(_camera.LatestVideo!.Value.Run, Is.EqualTo(2));
        Assert.That(_events, Is.EqualTo(new[] { "started", "started" }));
    }

    [Test]
    public async Task ABrokenCameraFailsItsRunStaysSilentUntilRecoveredAndTheSupervisorBringsItBack()
    {
        await using var supervisor = new CameraSupervisor(_camera, new CameraRestartOptions(), _time);
        var reports = new List<string>();
        supervisor.Faulted += reason => reports.Add("faulted: " + reason);
        supervisor.Recovered += () => reports.Add("recovered");
        await supervisor.StartAsync();
        _time.Step(TimeSpan.FromSeconds(1));

        _camera.Fail("sensor lost");
        Assert.That(reports, Is.EqualTo(new[] { "faulted: sensor lost" }));
        var framesAtFailure = _camera.GetStatistics().VideoFrames;
        _time.Step(TimeSpan.FromSeconds(12));
        Assert.That(_camera.GetStatistics().VideoFrames, Is.EqualTo(framesAtFailure), "the restarted runs deliver nothing");
        Assert.That(_events.Skip(1), Has.Some.EqualTo("failed: no video from the encoder within 10.0 s of starting it"), "the start timeout ends a silent run");
        Assert.That(supervisor.RestartCount, Is.GreaterThanOrEqualTo(2));

        _camera.Recover();
        _time.Step(TimeSpan.FromSeconds(35));
        Assert.That(supervisor.State, Is.EqualTo(CameraSupervisorState.Running));
        Assert.That(reports, Is.EqualTo(new[] { "faulted: sensor lost", "recovered" }), "one fault per outage");
        Assert.That(_camera.GetStatistics().VideoFrames, Is.GreaterThan(framesAtFailure));
    }

    [Test]
    public async Task AStalledCameraIsCaughtByItsWatchdogAndRecoversFromAKeyframe()
    {
        await _camera.StartAsync();
        _time.Step(TimeSpan.FromSeconds(1.5));
        _camera.Stall();
        _time.Step(TimeSpan.FromSeconds(2.9));
        Assert.That(_events, Is.EqualTo(new[] { "started" }), "no failure before the stall timeout");
        _time.Step(TimeSpan.FromSeconds(0.2));
        Assert.That(_events, Is.EqualTo(new[] { "started", "failed: no video from the encoder for 3.0 s" }));
        Assert.That(_camera.IsRunning, Is.False);

        _camera.Recover();
        await _camera.StartAsync();
        _time.Step(TimeSpan.FromSeconds(0.5));
        var fresh = ReadAll().Select(frame => frame.Frame).Where(frame => frame.Kind == MediaStreamKind.Video).SkipWhile(frame => !frame.IsDiscontinuity).ToArray();
        Assert.That(fresh[0].IsKeyframe, Is.True);
        Assert.That(_events[^1], Is.EqualTo("started"));
    }

    [Test]
    public async Task AStallThatEndsBeforeTheWatchdogResumesTheSameRunAtTheNextKeyframe()
    {
        await _camera.StartAsync();
        _time.Step(TimeSpan.FromSeconds(1.2));
        _camera.Stall();
        _time.Step(TimeSpan.FromSeconds(1));
        _camera.Recover();
        _time.Step(TimeSpan.FromSeconds(1));

        var video = ReadAll().Select(frame => frame.Frame).Where(frame => frame.Kind == MediaStreamKind.Video).ToArray();
        var resumed = video.First(frame => frame.PresentationTimestamp > 90_000 * 6 / 5);
        Assert.That(resumed.PresentationTimestamp, Is.EqualTo(3 * 90_000), "frames resume at the first keyframe after the stall, at their own time");
        Assert.That(resumed.IsKeyframe, Is.True);
        Assert.That(_events, Is.EqualTo(new[] { "started" }), "the run never ended");
    }

    private static void MediaToolsRequirement() => FfmpegRequirement.Check();

    // Everything in the buffer, in order, copied out.
    private List<(EncodedFrame Frame, byte[] Data)> ReadAll()
    {
        var frames = new List<(EncodedFrame, byte[])>();
        using var reader = _buffer.OpenReader();
        while (reader.Read() is { Status: not ReadStatus.Empty } result)
        {
            if (result.Status == ReadStatus.Frame)
            {
                frames.Add((result.Frame, result.Data.ToArray()));
            }
        }

        return frames;
    }
}
