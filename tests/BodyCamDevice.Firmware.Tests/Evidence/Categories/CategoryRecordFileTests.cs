// The category record beside a recording: signed with the device key so that Node's crypto,
// with nothing but the public key, verifies it and reads who set which categories; replaced
// whole by a later change; unsecured ("alg": "none") only without a key; refused when damaged.
using System.Text.Json;
using BodyCamDevice.Firmware.Core.Categories;
using BodyCamDevice.Firmware.Evidence.Categories;
using BodyCamDevice.Firmware.Evidence.Identity;
using BodyCamDevice.Firmware.Evidence.Jws;

namespace BodyCamDevice.Firmware.Tests.Evidence.Categories;

public class CategoryRecordFileTests
{
    private static readonly DateTimeOffset SetUtc = new(2026, 3, 1, 9, 30, 0, 250, TimeSpan.Zero);
    private string _directory = null!;

    [SetUp]
    public void SetUp() => _directory = Directory.CreateTempSubdirectory("category-record-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public void TheRecordIsSignedAndNodeVerifiesItWithThePublicKeyAlone()
    {
        using var key = FileDeviceSigningKey.LoadOrCreate(Path.Combine(_directory, "key", "device-key.pem"));
        var publicKey = Path.Combine(_directory, "device.pub.pem");
        File.WriteAllText(publicKey, key.PublicKeyPem);
        CategoryRecordFile.Write(_directory, Assignment([new("3", "Assault"), new("5", "Traffic", Evidence: false)]), key);

        var path = CategoryRecordFile.PathFor(_directory, "BC-000123_20260301T090000Z_0001");
        Assert.That(Path.GetFileName(path), Is.EqualTo("BC-000123_20260301T090000Z_0001_categories.jws"));
        using var payload = JsonDocument.Parse(IndependentTools.NodeVerify(publicKey, path));
        var root = payload.RootElement;
        Assert.That(root.GetProperty("format").GetString(), Is.EqualTo("bodycam-categories/1"));
        Assert.That(root.GetProperty("officerId").GetString(), Is.EqualTo("4711"));
        Assert.That(root.GetProperty("evidence").GetBoolean(), Is.True);
        Assert.That(root.GetProperty("setUtc").GetString(), Is.EqualTo("2026-03-01T09:30:00.250Z"));
        Assert.That(root.GetProperty("categories").EnumerateArray().Select(entry => entry.GetProperty("name").GetString()), Is.EqualTo(new[] { "Assault", "Traffic" }));

        var read = CategoryRecordFile.Read(_directory, "BC-000123_20260301T090000Z_0001")!;
        Assert.That(read.Source, Is.EqualTo("function button"));
        Assert.That(Es256Jws.ReadFlattened(File.ReadAllBytes(path)).KeyId, Is.EqualTo(key.Fingerprint));
    }

    [Test]
    public void ALaterChangeReplacesTheRecordAndClearingLeavesAnEmptyOne()
    {
        using var key = FileDeviceSigningKey.LoadOrCreate(Path.Combine(_directory, "key", "device-key.pem"));
        CategoryRecordFile.Write(_directory, Assignment([new("3", "Assault")]), key);
        CategoryRecordFile.Write(_directory, Assignment([]), key);
        var read = CategoryRecordFile.Read(_directory, "BC-000123_20260301T090000Z_0001")!;
        Assert.That(read.Categories, Is.Empty);
        Assert.That(read.Evidence, Is.False);
        Assert.That(Directory.GetFiles(_directory), Has.Length.EqualTo(1), "no temporary file left beside it");
    }

    [Test]
    public void WithoutAKeyTheRecordIsUnsecuredAndNodeRefusesItAsSigned()
    {
        CategoryRecordFile.Write(_directory, Assignment([new("3", "Assault")]), key: null);
        var path = CategoryRecordFile.PathFor(_directory, "BC-000123_20260301T090000Z_0001");
        Assert.That(Es256Jws.ReadFlattened(File.ReadAllBytes(path)).Algorithm, Is.EqualTo("none"));
        Assert.That(CategoryRecordFile.Read(_directory, "BC-000123_20260301T090000Z_0001")!.Categories.Single().Id, Is.EqualTo("3"));

        using var other = FileDeviceSigningKey.LoadOrCreate(Path.Combine(_directory, "key", "device-key.pem"));
        var publicKey = Path.Combine(_directory, "other.pub.pem");
        File.WriteAllText(publicKey, other.PublicKeyPem);
        Assert.That(() => IndependentTools.NodeVerify(publicKey, path), Throws.Exception);
    }

    [Test]
    public void ADamagedRecordIsAnErrorNotNoCategories()
    {
        File.WriteAllText(CategoryRecordFile.PathFor(_directory, "R1"), "{\"payload\":\"e30\",\"signature\":\"\"}");
        Assert.That(() => CategoryRecordFile.Read(_directory, "R1"), Throws.InstanceOf<FormatException>());
        Assert.That(CategoryRecordFile.Read(_directory, "R2"), Is.Null, "no record: no categories");
    }

    private static CategoryAssignment Assignment(IReadOnlyList<CategoryEntry> categories) =>
        new("BC-000123_20260301T090000Z_0001", categories, "4711", "BC-000123", "function button", SetUtc);
}
