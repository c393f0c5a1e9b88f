// Where the repository's release files are, found from the test's own directory.
namespace BodyCamDevice.Deploy.Tests;

internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Deploy(string file) => Path.Combine(Root, "deploy", file);

    public static string InstallScript => Deploy("install.sh");

    public static string ServiceUnit => Deploy("bodycam.service");

    public static string DefaultConfig => Deploy("bodycam.json");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BodyCamDevice.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("BodyCamDevice.sln not found above the test directory.");
    }
}
