// Inputs: random edges on every input at once through the rig API (PUT /api/inputs/{input}, no
// atMs: each edge reaches the pin as it arrives) — bouncing buttons, a trigger chattering, a dock
// contact making and breaking while recordings start and stop. Afterwards every input is
// released and undocked: the device must settle to Buffering (a recording the storm left running
// is stopped by a request) within the recovery bound, end cleanly and leave every invariant held.
using System.Net.Http.Json;
using BodyCamDevice.Torture.Device;

namespace BodyCamDevice.Torture.Faults;

internal sealed class InputStormFault(int edgesPerInput) : Fault
{
    private static readonly string[] Inputs = ["record", "function", "dock", "trigger"];

    public override string Name => "input-storm";

    public override string Description => $"{edgesPerInput:N0} random edges on each of record, function, dock and trigger at once";

    public override async Task RunTrialAsync(Trial trial)
    {
        var session = new DeviceSession(trial.Environment, $"{Name}-{trial.Number:D3}");
        try
        {
            if (!await session.StartAsync(trial, new DeviceLaunch()))
            {
                return;
            }

            var device = session.Device!;
            var seeds = Inputs.Select(_ => trial.Random.Next()).ToList();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var failures = await Task.WhenAll(Inputs.Select((input, index) => StormAsync(device.Api, input, new Random(seeds[index]))));
            trial.Log($"{edgesPerInput * Inputs.Length} edges in {clock.Elapsed.TotalSeconds:F1} s; refused: {failures.Sum()}");
            if (failures.Sum() > 0)
            {
                trial.Break("inputs", $"{failures.Sum()} edge requests were not accepted");
            }

            foreach (string input in Inputs)
            {
                using var _ = await device.Api.PutAsJsonAsync($"api/inputs/{input}", new { active = false });
            }

            var (took, state) = await device.WaitForStateAsync(TimeSpan.FromSeconds(5), "Buffering");
            if (took is null)
            {
                trial.Log($"after the storm: {state}; asking it to stop");
                await device.PostAsync("api/recording/stop");
            }

            if (await session.ExpectStateAsync(trial, "after the storm", "Buffering"))
            {
                session.Stop(trial);
            }

            session.Check(trial);
        }
        finally
        {
            session.Remove(keep: !trial.Survived);
        }
    }

    // Edges on one input, 0–30 ms apart (inside and outside the debounce); the count refused.
    private async Task<int> StormAsync(HttpClient api, string input, Random random)
    {
        int refused = 0;
        bool active = false;
        for (int edge = 0; edge < edgesPerInput; edge++)
        {
            active = random.Next(4) != 0 ? !active : active; // now and then the same level again
            using var answer = await api.PutAsJsonAsync($"api/inputs/{input}", new { active });
            refused += answer.IsSuccessStatusCode ? 0 : 1;
            if (random.Next(3) == 0)
            {
                await Task.Delay(random.Next(0, 30));
            }
        }

        return refused;
    }
}
