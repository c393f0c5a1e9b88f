// The steps that do something to the device: wait, press, double-press, hold, set a level, dock,
// pulse the external trigger, request start/stop/marker, change battery or storage, fail or
// recover the camera. Each returns its description and its code.
using System.Globalization;
using BodyCamDevice.ControlApi.Rig;

namespace BodyCamDevice.Emulator.Scenarios;

internal static class ActionSteps
{
    public static readonly string[] Kinds = ["wait", "press", "doublePress", "hold", "set", "dock", "trigger", "start", "stop", "marker", "battery", "storage", "cameraFault", "cameraRecover"];

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
                var percent = (int)Math.Round(double.Parse(args.Require("percent").TrimEnd('%'), CultureInfo.InvariantCulture));
                return ($"battery {percent} %", context => context.Target.SetBatteryAsync(percent));
            }

            case "storage":
            {
                var megabytes = (long)double.Parse(args.Require("freeMegabytes"), CultureInfo.InvariantCulture);
                return ($"free storage {megabytes} MB", context => context.Target.SetFreeStorageAsync(megabytes));
            }

            case "cameraFault":
            {
                var detail = args.Main("detail") ?? "camera fault injected by a scenario";
                return ($"camera fault: {detail}", context => context.Target.InjectCameraFaultAsync(detail));
            }

            case "cameraRecover":
                return ("camera recovers", context => context.Target.RecoverCameraAsync());

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
