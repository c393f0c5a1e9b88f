// Keeps the camera running. When the source fails, it is started again after a bounded exponential
// back-off (RestartBackoff), which starts over once a run has delivered video for HealthyRunLength.
// The device learns whether the camera works: Faulted when a failure takes the camera down (or it
// never came up), Recovered when video flows again. Failures in between only reschedule (see
// RestartScheduled, for the log), so the controller sees one fault per outage.
//
// Threads: source events arrive on pool threads, restart timers fire on timer threads, and
// StartAsync/StopAsync come from the controller. One lock guards the state; events are raised
// outside it. Every wait is a timer on the TimeProvider. A generation number, bumped by Start and
// Stop, makes a timer or a source event from before the last Start or Stop harmless.
namespace BodyCamDevice.Firmware.Capture.Camera;

public sealed class CameraSupervisor : IAsyncDisposable
{
    private readonly ICameraSource _source;
    private readonly CameraRestartOptions _options;
    private readonly TimeProvider _time;
    private readonly RestartBackoff _backoff;
    private readonly Lock _gate = new();
    private CameraSupervisorState _state = CameraSupervisorState.Stopped;
    private long _runningSince;
    private bool _faulted;
    private ITimer? _restartTimer;
    private int _generation;
    private int _restarts;
    private string? _lastFailure;

    // Ownership: the supervisor drives the source but does not dispose it.
    public CameraSupervisor(ICameraSource source, CameraRestartOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        _source = source;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _backoff = new RestartBackoff(options.InitialDelay, options.MaximumDelay);
        _source.Started += OnStarted;
        _source.Failed += OnFailed;
    }

    /// <summary>The camera stopped delivering video (reason for the audit log). Once per outage.</summary>
    public event Action<string>? Faulted;

    /// <summary>Video flows again after <see cref="Faulted"/>.</summary>
    public event Action? Recovered;

    /// <summary>Every failure: its reason and the wait before the restart.</summary>
    public event Action<string, TimeSpan>? RestartScheduled;

    public CameraSupervisorState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Restarts after failures since the supervisor was created.</summary>
    public int RestartCount
    {
        get
        {
            lock (_gate)
            {
                return _restarts;
            }
        }
    }

    public string? LastFailure
    {
        get
        {
            lock (_gate)
            {
                return _lastFailure;
            }
        }
    }

    // Clears a fault left from before a stop: a failure after this start is reported afresh.
    public Task StartAsync()
    {
        int generation;
        lock (_gate)
        {
            if (_state != CameraSupervisorState.Stopped)
            {
                return Task.CompletedTask;
            }

            _state = CameraSupervisorState.Starting;
            _faulted = false;
            _backoff.Reset();
            generation = ++_generation;
        }

        return StartSourceAsync(generation);
    }

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _state = CameraSupervisorState.Stopped;
            _generation++;
            _restartTimer?.Dispose();
            _restartTimer = null;
        }

        await _source.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _source.Started -= OnStarted;
        _source.Failed -= OnFailed;
    }

    private async Task StartSourceAsync(int generation)
    {
        try
        {
            await _source.StartAsync().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Fail(generation, exception.Message);
        }
    }

    private void OnStarted()
    {
        bool recovered;
        lock (_gate)
        {
            if (_state != CameraSupervisorState.Starting)
            {
                return;
            }

            _state = CameraSupervisorState.Running;
            _runningSince = _time.GetTimestamp();
            recovered = _faulted;
            _faulted = false;
        }

        if (recovered)
        {
            Recovered?.Invoke();
        }
    }

    private void OnFailed(string reason)
    {
        int generation;
        lock (_gate)
        {
            generation = _generation;
        }

        Fail(generation, reason);
    }

    private void Fail(int generation, string reason)
    {
        TimeSpan delay;
        bool firstOfOutage;
        lock (_gate)
        {
            if (generation != _generation || _state is CameraSupervisorState.Stopped or CameraSupervisorState.WaitingToRestart)
            {
                return;
            }

            if (_state == CameraSupervisorState.Running && _time.GetElapsedTime(_runningSince) >= _options.HealthyRunLength)
            {
                _backoff.Reset();
            }

            delay = _backoff.Next();
            _state = CameraSupervisorState.WaitingToRestart;
            _lastFailure = reason;
            firstOfOutage = !_faulted;
            _faulted = true;
            _restartTimer?.Dispose();
            _restartTimer = _time.CreateTimer(_ => Restart(generation), null, delay, Timeout.InfiniteTimeSpan);
        }

        if (firstOfOutage)
        {
            Faulted?.Invoke(reason);
        }

        RestartScheduled?.Invoke(reason, delay);
    }

    private void Restart(int generation)
    {
        lock (_gate)
        {
            if (generation != _generation || _state != CameraSupervisorState.WaitingToRestart)
            {
                return;
            }

            _state = CameraSupervisorState.Starting;
            _restarts++;
        }

        _ = StartSourceAsync(generation);
    }
}
