using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using BodyCamDevice.Firmware.Capture;

namespace BodyCamDevice.Benchmarks;

// Cost per frame of keeping an hour of 1080p30 video at 8 Mbit/s in a 30 s pre-record buffer,
// next to the floor: a plain copy of the same bytes into a ring of the same size.
// Frames: a keyframe every 30 frames, 3.5 times the size of the P-frames, which vary by ±10 %;
// 8,000,000 / 8 / 30 ≈ 33 KB per frame on average. One invocation appends the whole hour
// (108,000 frames); the figures are per frame.
[MemoryDiagnoser]
[Config(typeof(OneHourPerInvocationConfig))]
public class PreRecordBufferBenchmarks
{
    private const int FramesPerSecond = 30;
    private const int GopLength = 30;
    private const int FramesPerHour = 3600 * FramesPerSecond;
    private const long FrameStep = 90_000 / FramesPerSecond;
    private const double BytesPerFrame = 8_000_000 / 8.0 / FramesPerSecond;

    private int[] _sizes = [];
    private byte[] _source = [];
    private PreRecordBuffer _buffer = null!;
    private byte[] _ring = [];
    private int _ringOffset;
    private long _timestamp;

    [GlobalSetup]
    public void Setup()
    {
        // Average = (3.5 P + 29 P) / 30, so P = 30 * average / 32.5.
        double predicted = GopLength * BytesPerFrame / (GopLength + 2.5);
        var random = new Random(1080);
        _sizes = new int[FramesPerHour];
        for (int frame = 0; frame < _sizes.Length; frame++)
        {
            _sizes[frame] = frame % GopLength == 0
                ? (int)(predicted * 3.5)
                : (int)(predicted * (0.9 + (0.2 * random.NextDouble())));
        }

        _source = new byte[_sizes.Max()];
        random.NextBytes(_source);
        _buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = TimeSpan.FromSeconds(30) });
        _ring = new byte[_buffer.Options.ByteCapacity];
    }

    [GlobalCleanup(Target = nameof(AppendToPreRecordBuffer))]
    public void Report()
    {
        PreRecordStatistics statistics = _buffer.GetStatistics();
        Console.WriteLine($"// pre-record buffer: {statistics.BufferedDuration.TotalSeconds:F2} s, {statistics.FrameCount} frames, {statistics.BytesUsed / 1e6:F1} MB of {statistics.ByteCapacity / 1e6:F1} MB, dropped {statistics.DroppedFrameCount}");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = FramesPerHour)]
    public void CopyIntoPlainRing()
    {
        for (int frame = 0; frame < _sizes.Length; frame++)
        {
            int size = _sizes[frame];
            if (_ringOffset + size > _ring.Length)
            {
                _ringOffset = 0;
            }

            _source.AsSpan(0, size).CopyTo(_ring.AsSpan(_ringOffset, size));
            _ringOffset += size;
        }
    }

    [Benchmark(OperationsPerInvoke = FramesPerHour)]
    public void AppendToPreRecordBuffer()
    {
        for (int frame = 0; frame < _sizes.Length; frame++)
        {
            FrameFlags flags = frame % GopLength == 0 ? FrameFlags.Keyframe | FrameFlags.ParameterSets : FrameFlags.None;
            _buffer.Append(_source.AsSpan(0, _sizes[frame]), MediaStreamKind.Video, _timestamp, _timestamp, flags);
            _timestamp += FrameStep;
        }
    }

    // Short enough for two shared cores: each invocation is already an hour of frames (a fraction
    // of a second), so one invocation per iteration, three warm-up and ten measured iterations
    // (the machine is shared, three were too noisy), run in-process (a generated project would not
    // build under this repository's central package management and warnings-as-errors).
    private sealed class OneHourPerInvocationConfig : ManualConfig
    {
        public OneHourPerInvocationConfig()
        {
            AddJob(Job.ShortRun
                .WithIterationCount(10)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
                .WithToolchain(InProcessEmitToolchain.Instance));
        }
    }
}
