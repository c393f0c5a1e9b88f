// Back-off for a busy store (503), server errors and network failures: Polly's exponential
// back-off with decorrelated jitter on the TimeProvider, from RetryDelay up to RetryMaxDelay, at
// most RetryAttempts retries of one request. Jitter keeps a dock full of cameras from retrying in
// step. Everything else (400, 401, 422, 507…) is not retried here: the offload decides.
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Offload.Store;
using Polly;
using Polly.Retry;

namespace BodyCamDevice.Firmware.Offload.Policy;

public sealed class StoreRetry
{
    private readonly ResiliencePipeline _pipeline;

    /// <param name="retrying">Told of each retry: the failure, the delay before the next try, the retry's number (1-based).</param>
    /// <param name="randomizer">A source of [0, 1) for the jitter; Polly's own when null (tests pass a fixed one).</param>
    public StoreRetry(OffloadSettings settings, TimeProvider time, Action<StoreException, TimeSpan, int>? retrying = null, Func<double>? randomizer = null)
    {
        var options = new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<StoreException>(exception => exception.IsTransient),
            MaxRetryAttempts = Math.Max(settings.RetryAttempts, 0),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = settings.RetryDelay,
            MaxDelay = settings.RetryMaxDelay,
            OnRetry = arguments =>
            {
                if (arguments.Outcome.Exception is StoreException failure)
                {
                    retrying?.Invoke(failure, arguments.RetryDelay, arguments.AttemptNumber + 1);
                }

                return default;
            },
        };
        if (randomizer is not null)
        {
            options.Randomizer = randomizer;
        }

        _pipeline = settings.RetryAttempts == 0
            ? ResiliencePipeline.Empty
            : new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(options).Build();
    }

    public async Task RunAsync(Func<CancellationToken, Task> action, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async token => await action(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async token => await action(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
}
