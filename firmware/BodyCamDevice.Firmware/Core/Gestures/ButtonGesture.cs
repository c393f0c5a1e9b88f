namespace BodyCamDevice.Firmware.Core.Gestures;

public enum ButtonGesture
{
    /// <summary>The button went down (fires at once; used by the toggle mode).</summary>
    Press,

    /// <summary>A second press began within the double-press window of the first (fires on its press).</summary>
    DoublePress,

    /// <summary>Released before the hold time, and the press was not consumed by another gesture.</summary>
    ShortPress,

    /// <summary>Held down for the hold time (fires once per press, while still held).</summary>
    Hold,
}
