// The clip names the documentation shows are names the capture pipeline writes
// (<serial>_<UTC yyyyMMddTHHmmssZ>_<nnnn>_clipNN.mp4, RecordingNames), so a rig script copied from
// them asks for files that exist.
using System.Text.RegularExpressions;
using BodyCamDevice.Firmware.Capture.Recording;

namespace BodyCamDevice.Emulator.Tests.ControlApi;

public partial class DocumentedClipNameTests
{
    [TestCase("docs/control-api.md")]
    [TestCase("docs/device.md")]
    [TestCase("README.md")]
    public void EveryClipNameInTheDocsIsOneThePipelineWrites(string document)
    {
        var text = File.ReadAllText(Path.Combine(RequiredTools.RepositoryRoot(), document));
        var names = ClipName().Matches(text).Select(match => match.Value).Where(name => !name.Contains('<') && name[..^4].Any(char.IsAsciiDigit)).Distinct().ToArray();

        foreach (var name in names)
        {
            var written = Written().Match(name);
            Assert.That(written.Success, Is.True, $"{document}: {name} is not a name the capture pipeline writes");
            var start = DateTimeOffset.ParseExact(written.Groups["utc"].Value, "yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
            var id = RecordingNames.Format(written.Groups["serial"].Value, start, int.Parse(written.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.That(RecordingNames.ClipFileName(id, int.Parse(written.Groups["clip"].Value, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(name));
        }

        if (document == "docs/control-api.md")
        {
            Assert.That(names, Is.Not.Empty, "the recordings examples name a clip");
        }
    }

    // Any file name ending in .mp4 in the text; those without a digit (curl -o clip.mp4) are a
    // reader's own files, not clips, and <placeholders> are the format itself.
    [GeneratedRegex(@"[\w<>.-]+\.mp4\b")]
    private static partial Regex ClipName();

    [GeneratedRegex(@"^(?<serial>[A-Za-z0-9][A-Za-z0-9-]{0,23})_(?<utc>\d{8}T\d{6}Z)_(?<n>\d{4})_clip(?<clip>\d{2})\.mp4$")]
    private static partial Regex Written();
}
