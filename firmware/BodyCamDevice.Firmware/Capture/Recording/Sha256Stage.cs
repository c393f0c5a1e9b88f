// The clip's SHA-256, taken while it is written (HashingStage), so sealing never reads the file
// back. Sits directly in front of the file stage, so the digest is that of the bytes on storage
// (what `sha256sum` of the clip prints), also once an encryption stage is in front of it.
using System.Security.Cryptography;

namespace BodyCamDevice.Firmware.Capture.Recording;

public sealed class Sha256Stage(IRecordingStage next) : HashingStage(next, HashAlgorithmName.SHA256)
{
    public const string AlgorithmName = "SHA-256";
}
