// One recording, from the trigger to the last sealed clip: reads the pre-record reader (the
// backlog at once, then live frames), feeds the clips' muxers, splits long recordings into
// clips, watches free space, and writes each clip's manifest.
//
// Threads: Start runs the whole recording on one task of its own (the writer task); every field
// below belongs to it. The writer names the recording and creates the directory on that task, so
// the caller (the device loop) touches no file. The reader never blocks, so the writer drains it
// until it reports Empty and then waits PollInterval (WriterPoll, a timer on the TimeProvider)
// before asking again. The muxer and the stage chain run on the writer task too: a fragment is
// written, hashed and synced before the next frame is read. AddMarker and StopAsync may be called
// from any thread: they only queue a marker or set the stop request, which the writer task picks
// up at once; so may CameraLost (picked up within one poll interval). RecordingSession.Idle has
// what virtual time needs of the writer.
//
// Camera restarts: when the camera fails, the writer writes what the camera delivered and seals
// the open clip (end reason CameraFault); the recording goes on. The restarted camera's first
// keyframe opens the next clip of the same recording, whose manifest lists the outage as a gap
// (see RecordingSession.Frames).
//
// Ownership: the session owns the reader and disposes it when the recording ends.
using System.Collections.Concurrent;
using BodyCamDevice.Firmware.Capture.Camera;
using BodyCamDevice.Firmware.Core.Location;
using BodyCamDevice.Firmware.Core.Recording;

namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed partial class RecordingSession
{
    // Frames handled between two looks at the stop request, markers and free space, so a writer
    // that is behind still notices them.
    private const int FramesPerTurn = 256;

    private readonly PreRecordReader _reader;
    private readonly RecordingTrigger _trigger;
    private readonly RecordingNames _names;
    private readonly RecordingOptions _options;
    private readonly RecordingServices _services;
    private readonly WriterPoll _poll;
    private readonly WallClockWatch _wallClock;
    private readonly ConcurrentQueue<RecordingMarker> _markers = new();
    private readonly ConcurrentQueue<LocationSample> _trackPoints = new();
    private readonly TaskCompletionSource<RecordingResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<ClipManifest> _sealed = [];
    private RecordingStopRequest? _stop;
    private CameraLoss? _cameraLoss;
    private long _lastSequenceRead = -1;
    private StorageLevel _storageLevel = StorageLevel.Ok;

    // Set by the writer task once it has named the recording; null before.
    private ClipContext? _context;

    private RecordingSession(PreRecordReader reader, RecordingTrigger trigger, RecordingOptions options, RecordingServices services)
    {
        _reader = reader;
        _trigger = trigger;
        _options = options;
        _services = services;
        _names = services.Names ?? new RecordingNames(options.DeviceSerial, options.Directory);
        _poll = new WriterPoll(services.Time, options.PollInterval, () =>
        {
            services.Observer.Waiting();
            Progressed();
        });
        _audioThreshold = _options.PreRollAudio ? long.MinValue : trigger.PresentationTimestamp;
        _streamHasAudio = trigger.DeclaresAudio();
        _anchor = new StreamClockSample(trigger.PresentationTimestamp, trigger.Request.Time, _services.CameraClock?.Invoke()?.Run ?? 0);
        _wallClock = new WallClockWatch(services.Time);
    }

    // Null until the writer task has named the recording (it checks the directory for the name).
    public string? RecordingId => Volatile.Read(ref _context)?.RecordingId;

    // Completes when the recording has ended for any reason and every clip is sealed.
    public Task<RecordingResult> Completion => _completion.Task;

    // The sequence number of the last frame the writer has taken from the reader; for callers
    // that want to know whether it has caught up with the camera. -1 before the first.
    public long LastSequenceRead => Volatile.Read(ref _lastSequenceRead);

    // Thread-safe. The camera has failed at `time`: once everything it delivered is written, the
    // open clip is sealed and the recording waits for the camera's next run.
    public void CameraLost(DateTimeOffset time) => Interlocked.CompareExchange(ref _cameraLoss, new CameraLoss(time), null);

    // Call at the trigger, with the reader opened at the trigger (the session owns it from now
    // on). Returns at once, having touched no file; the recording runs on its own task. A storage
    // volume already full ends it before any file is created (outcome StorageFull).
    public static RecordingSession Start(
        PreRecordReader reader, RecordingTrigger trigger, RecordingOptions options, RecordingServices? services = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        options.Validate();
        var session = new RecordingSession(reader, trigger, options, services ?? new RecordingServices());
        _ = Task.Run(session.RunAsync);
        return session;
    }

    // Thread-safe. The marker goes into the clip being written when the writer next looks.
    public void AddMarker(RecordingMarker marker) => _markers.Enqueue(marker);

    // Thread-safe. Like a marker: the point goes into the track of the clip being written.
    public void AddTrackPoint(LocationSample point) => _trackPoints.Enqueue(point);

    // Thread-safe. Everything the camera has delivered up to now is written, then the last clip
    // is sealed; the task completes when its manifest is on storage. A second call does not
    // change the reason. The writer does not wait for its next poll: a stop needs no clock (a
    // device shutting down on virtual time has none moving).
    public Task<RecordingResult> StopAsync(RecordingStopRequest request)
    {
        Interlocked.CompareExchange(ref _stop, request, null);
        _poll.Wake();
        return Completion;
    }

    // Whether a stop has been asked for (the lookahead for a clip's first audio gives up then).
    private bool Stopping => Volatile.Read(ref _stop) is not null;

    private async Task RunAsync()
    {
        RecordingOutcome outcome = RecordingOutcome.Stopped;
        Exception? fault = null;
        try
        {
            outcome = await RecordAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            fault = exception;
            outcome = RecordingOutcome.Faulted;
            await AbandonClipAsync().ConfigureAwait(false);
        }
        finally
        {
            _reader.Dispose();
            _poll.Dispose();
        }

        var result = new RecordingResult(RecordingId, outcome, [.. _sealed], fault);
        _services.Observer.Ended(result);
        _completion.TrySetResult(result);
        Progressed();
    }

    // Names the recording: the trigger time and the next free counter (RecordingNames looks for
    // the files of the name it gives out).
    private void Name()
    {
        Directory.CreateDirectory(_options.Directory);
        byte[] tables = [.. _trigger.PatPacket.Span, .. _trigger.PmtPacket.Span];
        Volatile.Write(ref _context, new ClipContext(_names.NextRecordingId(_trigger.Request.Time), _options, _trigger, _services, tables));
    }

    private async Task<RecordingOutcome> RecordAsync()
    {
        Name();
        if (MeasureStorage() == StorageLevel.Full)
        {
            return RecordingOutcome.StorageFull;
        }

        long lastStorageCheck = _services.Time.GetTimestamp();
        while (true)
        {
            RecordingStopRequest? stop = Volatile.Read(ref _stop);

            // Splits and durations follow frame timestamps and waits the monotonic clock, so a
            // step of the wall clock changes neither; the manifests say that it happened. Looked
            // for before the frames that came meanwhile are read: the step is placed after the
            // last frame read before it was seen.
            if (_wallClock.Look() is { } step)
            {
                _clockSteps.Add((step, _lastVideoPts));
            }

            bool caughtUp = await ProcessAvailableAsync(FramesPerTurn).ConfigureAwait(false);
            if (_outOfStorage)
            {
                return RecordingOutcome.StorageFull;
            }

            TakeMarkers();
            if (caughtUp && Interlocked.Exchange(ref _cameraLoss, null) is not null)
            {
                await SealForCameraRestartAsync().ConfigureAwait(false);
            }

            if (stop is not null && caughtUp)
            {
                await CloseClipAsync(ClipEnding.Stop(stop.Reason, stop.Time, stop.Location)).ConfigureAwait(false);
                return RecordingOutcome.Stopped;
            }

            if (_services.Time.GetElapsedTime(lastStorageCheck) >= _options.Storage.CheckInterval)
            {
                lastStorageCheck = _services.Time.GetTimestamp();
                if (MeasureStorage() == StorageLevel.Full)
                {
                    await CloseClipAsync(ClipEnding.Stop(StopReason.StorageFull, _services.Time.GetUtcNow())).ConfigureAwait(false);
                    return RecordingOutcome.StorageFull;
                }
            }

            if (caughtUp)
            {
                await _poll.WaitAsync(_reader).ConfigureAwait(false);
            }
        }
    }

    private sealed record CameraLoss(DateTimeOffset Time);

    // Markers wait in the queue until a clip is open.
    private void TakeMarkers()
    {
        if (_clip is not null)
        {
            TakeMarkersInto(_clip);
        }
    }

    // Reports a change of level to the observer (and a level other than Ok on the first check).
    private StorageLevel MeasureStorage()
    {
        StorageSpace space = _services.Storage.Measure(_options.Directory);
        StorageLevel level = StoragePolicy.Evaluate(space, _options.Storage);
        if (level != _storageLevel)
        {
            _storageLevel = level;
            _services.Observer.StorageChanged(level, space);
        }

        return level;
    }
}
