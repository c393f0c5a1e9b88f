// The four inputs (record button, function button, dock-detect, external trigger) on GPIO lines.
// Each edge is translated through the configured active level and handed to the controller,
// which debounces it on the device loop. Edge callbacks run on the driver's event thread.
// Does not own the GpioController; unregisters and closes its pins on Dispose.
using System.Device.Gpio;
using BodyCamDevice.Firmware.Configuration;
using BodyCamDevice.Firmware.Core;

namespace BodyCamDevice.Firmware.Hardware;

public sealed class GpioInputs : IDisposable
{
    private readonly GpioController _gpio;
    private readonly List<(int Pin, PinChangeEventHandler Handler)> _registered = new();

    public GpioInputs(GpioController gpio, PinMapOptions pins)
    {
        _gpio = gpio;
        Map = new Dictionary<DeviceInput, InputPinOptions>
        {
            [DeviceInput.RecordButton] = pins.RecordButton,
            [DeviceInput.FunctionButton] = pins.FunctionButton,
            [DeviceInput.DockDetect] = pins.DockDetect,
            [DeviceInput.ExternalTrigger] = pins.ExternalTrigger,
        }.Where(pair => pair.Value.Enabled).ToDictionary();

        foreach (var (_, options) in Map)
        {
            var mode = options.Pull switch
            {
                InputPull.Up => PinMode.InputPullUp,
                InputPull.Down => PinMode.InputPullDown,
                _ => PinMode.Input,
            };

            if (!_gpio.IsPinModeSupported(options.Pin, mode))
            {
                // Some kernels/drivers cannot set bias; hardware.md asks for an external resistor then.
                Warnings.Add($"GPIO {options.Pin}: this driver cannot set {mode}; using Input (fit an external pull resistor).");
                mode = PinMode.Input;
            }

            _gpio.OpenPin(options.Pin, mode);
        }
    }

    public IReadOnlyDictionary<DeviceInput, InputPinOptions> Map { get; }

    public List<string> Warnings { get; } = new();

    /// <summary>Current logical levels (true = active), for the controller's start.</summary>
    public IReadOnlyDictionary<DeviceInput, bool> ReadAll() =>
        Map.ToDictionary(pair => pair.Key, pair => IsActive(_gpio.Read(pair.Value.Pin), pair.Value.ActiveLevel));

    /// <summary>Starts delivering edges to <paramref name="onInput"/> (called on the driver's thread).</summary>
    public void Connect(Action<DeviceInput, bool> onInput)
    {
        foreach (var (input, options) in Map)
        {
            PinChangeEventHandler handler = (_, args) =>
                onInput(input, IsActive(args.ChangeType == PinEventTypes.Rising ? PinValue.High : PinValue.Low, options.ActiveLevel));
            _gpio.RegisterCallbackForPinValueChangedEvent(options.Pin, PinEventTypes.Rising | PinEventTypes.Falling, handler);
            _registered.Add((options.Pin, handler));
        }
    }

    public void Dispose()
    {
        foreach (var (pin, handler) in _registered)
        {
            _gpio.UnregisterCallbackForPinValueChangedEvent(pin, handler);
        }

        _registered.Clear();
        foreach (var options in Map.Values)
        {
            if (_gpio.IsPinOpen(options.Pin))
            {
                _gpio.ClosePin(options.Pin);
            }
        }
    }

    private static bool IsActive(PinValue level, ActiveLevel activeLevel) =>
        activeLevel == ActiveLevel.High ? level == PinValue.High : level == PinValue.Low;
}
