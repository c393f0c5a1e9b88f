// Output traces, blink summaries and tone traces over HTTP, with the device on virtual time:
// the test moves time between requests, so the expected numbers are exact.
using System.Globalization;
using BodyCamDevice.ControlApi.Analysis;
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.Emulator.Scenarios;
using BodyCamDevice.VirtualTime;

namespace BodyCamDevice.Emulator.Tests.ControlApi;

public class TraceEndpointTests
{
    [Test]
    public async Task TheRedIndicatorsTraceAndBlinkSummaryShowOneHertzAtHalfDutyWhileRecording()
    {
        var time = new SteppingTimeProvider(ScenarioCommand.VirtualEpoch);
        await using var emulator = await EmulatorServer.StartAsync(time, webUi: false);
        await emulator.StepAsync(time, TimeSpan.FromSeconds(1));
        var start = (await emulator.Http.GetJsonAsync<StatusView>("api/status")).T;
        await DoublePressAsync(emulator, time);
        await emulator.StepAsync(time, TimeSpan.FromSeconds(5));

        // The red LED comes on once the recording is on storage: right after the second press
        // (250 ms), as soon as the camera has delivered the first audio unit after the trigger,
        // which the clip starts its sound with. From then on it blinks exactly.
        var trace = await emulator.Http.GetJsonAsync<OutputTraceView>($"api/outputs/record-indicator?since={Ms(start)}");
        Assert.That(trace.Line, Is.EqualTo("GPIO24 active-high"));
        var lit = trace.Edges[0].T - start;
        Assert.That(lit, Is.InRange(250.0, 350.0));
        Assert.That(trace.Edges.Select(edge => (edge.T - start - lit, edge.On)).Take(4), Is.EqualTo(new[] { (0.0, true), (500.0, false), (1000.0, true), (1500.0, false) }).Within(0.001));

        var blink = await emulator.Http.GetJsonAsync<BlinkSummary>($"api/outputs/record-indicator/blink?since={Ms(start + 1000)}&until={Ms(start + 5000)}");
        Assert.That(blink.IsBlinkingAt(1.0, 0.05), Is.True, $"{blink}");
        Assert.That((blink.FrequencyHz, blink.Duty, blink.MeanOnMs, blink.MeanOffMs), Is.EqualTo(((double?)1.0, 0.5, (double?)500.0, (double?)500.0)));

        var green = await emulator.Http.GetJsonAsync<BlinkSummary>("api/outputs/status-led/blink?windowMs=3000");
        Assert.That((green.RisingEdges, green.Duty), Is.EqualTo((0, 0.0)), "green stays dark while recording");
    }

    [Test]
    public async Task TheToneTraceShowsTheTwoStartBeepsAtTheConfiguredFrequency()
    {
        var time = new SteppingTimeProvider(ScenarioCommand.VirtualEpoch);
        await using var emulator = await EmulatorServer.StartAsync(time, webUi: false);
        await emulator.StepAsync(time, TimeSpan.FromSeconds(1));
        var start = (await emulator.Http.GetJsonAsync<StatusView>("api/status")).T;
        await DoublePressAsync(emulator, time);
        await emulator.StepAsync(time, TimeSpan.FromSeconds(1));

        // The start tone sounds once the recording is on storage (see above), then to the millisecond.
        var tones = await emulator.Http.GetJsonAsync<ToneView[]>($"api/tones?since={Ms(start)}");
        var first = tones[0].T - start;
        Assert.That(first, Is.InRange(250.0, 350.0));
        Assert.That(tones.Select(tone => (tone.T - start - first, tone.Kind, tone.FrequencyHz)), Is.EqualTo(new[]
        {
            (0.0, "start", 2700), (120.0, "stop", 2700), (240.0, "start", 2700), (360.0, "stop", 2700),
        }).Within(0.001));

        var beeps = await emulator.Http.GetJsonAsync<BeepSummary>($"api/tones/beeps?since={Ms(start)}&until={Ms(start + 1000)}");
        Assert.That((beeps.Count, beeps.DurationsMs), Is.EqualTo((2, new double?[] { 120, 120 })));
    }

    [Test]
    public async Task OutputsListEveryOutputWithItsLevel()
    {
        await using var emulator = await EmulatorServer.StartAsync(new SteppingTimeProvider(ScenarioCommand.VirtualEpoch), webUi: false);
        var outputs = await emulator.Http.GetJsonAsync<OutputView[]>("api/outputs");
        Assert.That(outputs.Select(output => output.Name), Is.EqualTo(new[] { "record-indicator", "status-led", "beeper", "vibration" }));
        Assert.That(outputs.Single(output => output.Name == "beeper").Line, Is.EqualTo("PWM0/1 active-high"));
    }

    // Edges made by PUTs with virtual time stepped in between (the recording writer keeping up): a
    // double-press whose second press starts 250 ms after the first.
    private static async Task DoublePressAsync(EmulatorServer emulator, SteppingTimeProvider time)
    {
        foreach (var (active, after) in new[] { (true, 100), (false, 150), (true, 100), (false, 0) })
        {
            await emulator.Http.OkAsync(HttpMethod.Put, "api/inputs/record", new LevelRequest(active));
            await emulator.StepAsync(time, TimeSpan.FromMilliseconds(after));
        }
    }

    private static string Ms(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
