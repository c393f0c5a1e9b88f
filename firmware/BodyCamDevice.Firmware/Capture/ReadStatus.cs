namespace BodyCamDevice.Firmware.Capture;

public enum ReadStatus : byte
{
    // Nothing new yet: the reader has caught up with the producer.
    Empty,
    Frame,
    Gap,
}
