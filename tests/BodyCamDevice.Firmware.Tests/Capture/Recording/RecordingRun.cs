// Drives one recording the way the device does: a pre-record buffer filled with an encoded
// stream up to the trigger, a reader opened at the trigger, the session started, the rest of the
// stream appended as live frames while the writer runs, then a stop. The writer runs on a
// stepping fake clock (Clock) that live frames move on as they arrive, each at its own time after
// the trigger; now and then, and before anything is looked at, the writer is let catch up
// (RecordingSession.IdleAsync: a wait for its work, not for time). Nothing sleeps.
using BodyCamDevice.Firmware.Capture;
using BodyCamDevice.Firmware.Capture.Recording;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Firmware.Tests.Capture.Recording;

internal sealed class RecordingRun
{
    public static readonly DateTimeOffset TriggerTime = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public required EncodedStream Stream { get; init; }

    public required string Directory { get; init; }

    public TimeSpan PreRecord { get; init; } = TimeSpan.FromSeconds(2);

    // Units appended before the trigger; the rest come live.
    public required int TriggerUnit { get; init; }

    public int EndUnit { get; init; } = -1;

    public TimeSpan ClipLength { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan FragmentDuration { get; init; } = TimeSpan.FromSeconds(1);

    public bool PreRollAudio { get; init; }

    public StorageOptions Storage { get; init; } = new();

    public RecordingServices Services { get; init; } = new();

    // Called for each live unit before it is appended; returns the flags to append it with.
    public Func<int, EncodedUnit, FrameFlags>? LiveFlags { get; init; }

    // Whether a live unit reaches the buffer at all (a microphone that stops, say).
    public Func<EncodedUnit, bool>? LiveUnitArrives { get; init; }

    public Action<RecordingSession>? WhileLive { get; init; }

    // What happened to each unit that was appended, by unit index.
    public Dictionary<int, AppendResult> Appended { get; } = [];

    public long TriggerPts { get; private set; }

    // The writer's clock: the trigger's time, then moved on by the live frames.
    public SteppingTimeProvider Clock { get; } = new(TriggerTime);

    // The writer's view of it: Clock, with a wall clock a test may step (WallClock.Shift) while
    // the monotonic clock and the timers run on as they were.
    public ShiftedWallClock WallClock => _wallClock ??= new ShiftedWallClock(Clock);

    private ShiftedWallClock? _wallClock;

    public RecordingOptions Options => new()
    {
        Directory = Directory,
        DeviceSerial = "BC-000123",
        FirmwareVersion = "0.1.0-test",
        OfficerId = "PC-4711",
        ClipLength = ClipLength,
        FragmentDuration = FragmentDuration,
        PreRollAudio = PreRollAudio,
        Storage = Storage,
    };

    public PreRecordBuffer Buffer { get; private set; } = null!;

    public RecordingSession Session { get; private set; } = null!;

    public async Task<RecordingResult> RecordAsync()
    {
        Start();
        await AppendLiveAsync(TriggerUnit, EndUnit < 0 ? Stream.Units.Count : EndUnit);
        WhileLive?.Invoke(Session);
        RecordingResult result = await Session.StopAsync(new RecordingStopRequest(StopReason.RecordButton, TriggerTime.AddMinutes(1)))
            .WaitAsync(TimeSpan.FromSeconds(60));
        Assert.That(result.Fault, Is.Null, () => result.Fault!.ToString());
        return result;
    }

    // Fills the buffer up to the trigger, opens the reader and starts the session.
    public void Start()
    {
        var buffer = new PreRecordBuffer(new PreRecordBufferOptions { Duration = PreRecord, ByteCapacity = 256 * 1024 * 1024 });
        for (int index = 0; index < TriggerUnit; index++)
        {
            Appended[index] = Stream.AppendTo(buffer, index);
        }

        TriggerPts = Stream.Units.Take(TriggerUnit).Last(unit => unit.Kind == MediaStreamKind.Video).Info.Pts;
        PreRecordReader reader = buffer.OpenReader();
        var trigger = new RecordingTrigger(
            new RecordingStartRequest(TriggerSource.RecordButton, TriggerTime), TriggerPts, Stream.Pat, Stream.Pmt);
        Buffer = buffer;
        Session = RecordingSession.Start(reader, trigger, Options, Services with { Time = WallClock });
    }

    public async Task AppendLiveAsync(int from, int to)
    {
        PreRecordBuffer buffer = Buffer;
        for (int index = from; index < to; index++)
        {
            EncodedUnit unit = Stream.Units[index];
            if (LiveUnitArrives?.Invoke(unit) == false)
            {
                continue;
            }

            // A live frame arrives at its own time after the trigger.
            DateTimeOffset due = TriggerTime + TimeSpan.FromTicks((unit.Info.Pts - TriggerPts) * 1000 / 9);
            if (due > Clock.GetUtcNow())
            {
                Clock.Step(due - Clock.GetUtcNow());
            }

            FrameFlags flags = LiveFlags?.Invoke(index, unit) ?? unit.Flags;
            Appended[index] = buffer.Append(unit.Packets, unit.Kind, unit.Info.Pts, unit.Info.Dts, flags);

            // Let the writer keep up now and then, as it does with a camera in real time.
            if (index % 20 == 0)
            {
                await Session.IdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
    }

    // Lets the writer take every frame appended so far from its reader.
    public async Task WaitUntilCaughtUpAsync()
    {
        await Session.IdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(Session.LastSequenceRead, Is.GreaterThanOrEqualTo(Appended.Values.Where(append => append.Stored).Max(append => append.Sequence)), "the writer caught up");
    }

    // Lets the writer's clock run on by duration (storage checks, waits), then the writer catch up.
    public async Task AdvanceAsync(TimeSpan duration)
    {
        Clock.Step(duration);
        await Session.IdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    public static int UnitAt(EncodedStream stream, double seconds) =>
        stream.Units.FindIndex(unit => unit.Info.Pts - stream.Units[0].Info.Pts >= seconds * 90_000);

    public string ClipPath(ClipManifest manifest) => Path.Combine(Directory, manifest.File.Name);

    public string ManifestPath(ClipManifest manifest) =>
        Path.Combine(Directory, RecordingNames.ManifestFileName(manifest.RecordingId, manifest.ClipIndex));

    // The units recorded from sequence number first to last, of one kind, in stream order.
    public List<EncodedUnit> UnitsBetween(long first, long last, MediaStreamKind kind) =>
        [.. Appended.Where(pair => pair.Value.Stored && pair.Value.Sequence >= first && pair.Value.Sequence <= last)
            .OrderBy(pair => pair.Key)
            .Select(pair => Stream.Units[pair.Key])
            .Where(unit => unit.Kind == kind)];
}
