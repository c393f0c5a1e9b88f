// Resolves CameraEncoder.Auto. The Pi 4 family (Pi 4, Pi 400, Compute Module 4) has the V4L2
// memory-to-memory H.264 encoder, which spares its cores for everything else; the Pi 5 has none
// and every other machine (development PCs, CI) uses libx264.
namespace BodyCamDevice.Firmware.Capture.Camera;

public static class EncoderSelection
{
    public const string BoardModelPath = "/proc/device-tree/model";

    private static readonly string[] HardwareEncoderBoards = ["Raspberry Pi 4", "Raspberry Pi 400", "Raspberry Pi Compute Module 4"];

    // boardModel: the device tree's model string (ReadBoardModel), or null off a Pi.
    public static CameraEncoder Resolve(CameraEncoder configured, string? boardModel)
    {
        if (configured != CameraEncoder.Auto)
        {
            return configured;
        }

        bool hasHardwareEncoder = boardModel is not null
            && HardwareEncoderBoards.Any(board => boardModel.StartsWith(board + " ", StringComparison.Ordinal));
        return hasHardwareEncoder ? CameraEncoder.H264V4l2m2m : CameraEncoder.Libx264;
    }

    public static string? ReadBoardModel()
    {
        try
        {
            return File.Exists(BoardModelPath) ? File.ReadAllText(BoardModelPath).TrimEnd('\0', '\n') : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
