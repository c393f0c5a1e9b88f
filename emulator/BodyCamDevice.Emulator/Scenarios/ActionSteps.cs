// The steps that do something to the device: wait, press, double-press, hold, set a level, dock,
// pulse the external trigger, request start/stop/marker, change battery or storage, fail or
// recover the camera, move the GNSS receiver or lose its fix, put the RTC into a state. Each
// returns its description and its code.
using System.Globalization;
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Rig;

namespace BodyCamDevice.Emulator.Scenarios;

internal static class ActionSteps
{
    public static readonly string[] Kinds = ["wait", "press", "doublePress", "hold", "set", "dock", "trigger", "start", "stop", "marker", "battery", "storage", "cameraFault", "cameraRecover", "gnss", "rtc"];

    public static (string Description, Func<ScenarioContext, Task> Run) Compile(string kind, StepArguments args)
    {
        switch (kind)
        {
            case "wait":
            {
                var duration = args.IsScalar ? args.MainDuration("for") : args.Duration("for");
                return ($"wait {Format(duration)}", context => context.Target.WaitAsync(duration));
            }

            case "press":
            {
                var input = Input(args);
                var down = args.IsScalar ? RigFinger.DefaultPress : args.Duration("for", RigFinger.DefaultPress);
                return ($"press {input} {Format(down)}", context => context.Target.PressAsync(input, down));
            }

            case "hold":
            {
                var input = Input(args);
                var down = args.IsScalar ? RigFinger.DefaultHold : args.Duration("for", RigFinger.DefaultHold);
                return ($"hold {input} {Format(down)}", context => context.Target.PressAsync(input, down));
            }

            case "doublePress":
            {
                var input = Input(args);
                var down = args.IsScalar ? RigFinger.DefaultPress : args.Duration("for", RigFinger.DefaultPress);
                var gap = args.IsScalar ? RigFinger.DefaultGap : args.Duration("gap", RigFinger.DefaultGap);
                return ($"double-press {input}", context => context.Target.DoublePressAsync(input, down, gap));
            }

            case "set":
            {
                var input = Input(args);
                var active = args.Flag("active");
                return ($"set {input} {(active ? "active" : "inactive")}", context => context.Target.SetInputAsync(input, active));
            }

            case "dock":
            {
                var docked = args.Flag("docked");
                return (docked ? "dock" : "undock", context => context.Target.SetDockAsync(docked));
            }

            case "trigger":
                return ("external trigger pulse", context => context.Target.PressAsync("trigger", RigFinger.DefaultPress));

            case "start" or "stop" or "marker":
                return ($"request {kind} through the control API", context => context.Target.RequestAsync(kind));

            case "battery":
            {
                var text = args.Require("percent");
                var percent = double.TryParse(text.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 100
                    ? (int)Math.Round(value)
                    : throw args.Invalid($"'percent' must be from 0 to 100, not '{text}'");
                return ($"battery {percent} %", context => context.Target.SetBatteryAsync(percent));
            }

            case "storage":
            {
                long megabytes = args.MainWholeNumber("freeMegabytes");
                return ($"free storage {megabytes} MB", context => context.Target.SetFreeStorageAsync(megabytes));
            }

            case "cameraFault":
            {
                var detail = args.Main("detail") ?? "camera fault injected by a scenario";
                return ($"camera fault: {detail}", context => context.Target.InjectCameraFaultAsync(detail));
            }

            case "cameraRecover":
                return ("camera recovers", context => context.Target.RecoverCameraAsync());

            case "gnss":
            {
                if (args.IsScalar)
                {
                    var what = args.Require("fix");
                    return what switch
                    {
                        "noFix" => ("GNSS receiver: no fix", context => context.Target.SetGnssAsync(new GnssRequest(Fix: false))),
                        "silent" => ("GNSS receiver: silent", context => context.Target.SetGnssAsync(new GnssRequest(Silent: true))),
                        _ => throw args.Invalid($"must be noFix, silent or {{ latitude: …, longitude: … }}, not '{what}'"),
                    };
                }

                var latitude = args.Number("latitude");
                var longitude = args.Number("longitude");
                if (latitude is < -90 or > 90 || longitude is < -180 or > 180)
                {
                    throw args.Invalid($"latitude must be -90 to 90 and longitude -180 to 180, not {latitude}, {longitude}");
                }

                var request = new GnssRequest(latitude, longitude, args.OptionalNumber("altitude"), args.OptionalWholeNumber("satellites"));
                return ($"GNSS fix at {latitude.ToString(CultureInfo.InvariantCulture)}, {longitude.ToString(CultureInfo.InvariantCulture)}", context => context.Target.SetGnssAsync(request));
            }

            case "rtc":
            {
                var state = args.Require("state");
                if (!Enum.TryParse<RtcChipState>(state, ignoreCase: true, out var parsed) || int.TryParse(state, out _))
                {
                    throw args.Invalid($"state must be running, stopped, missing or corrupt, not '{state}'");
                }

                DateTimeOffset? utc = null;
                if (!args.IsScalar && args.Get("utc") is { } text)
                {
                    utc = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time) && parsed == RtcChipState.Running
                        ? time
                        : throw args.Invalid($"utc must be a time such as 2019-01-01T00:00:00Z, and only with state running, not '{text}'");
                }

                var request = new RtcRequest(parsed.ToString().ToLowerInvariant(), utc);
                return ($"RTC {request.State}{(utc is { } u ? " at " + u.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "")}", context => context.Target.SetRtcAsync(request));
            }

            default:
                throw args.Invalid("is not an action");
        }
    }

    public static string Format(TimeSpan duration) =>
        duration.TotalHours >= 1 && duration.TotalHours == Math.Floor(duration.TotalHours) ? $"{duration.TotalHours:0} h"
        : duration.TotalSeconds >= 60 && duration.TotalMinutes == Math.Floor(duration.TotalMinutes) ? $"{duration.TotalMinutes:0} min"
        : duration.TotalSeconds >= 1 ? $"{duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s"
        : $"{duration.TotalMilliseconds:0} ms";

    private static string Input(StepArguments args)
    {
        var name = args.Require("input");
        return RigInputNames.TryParse(name, out var input) ? RigInputNames.Name(input) : throw args.Invalid($"names unknown input '{name}' (record, function, dock, trigger)");
    }
}
