// Finds the repository from a build output folder, for the scripts under services/.
namespace BodyCamDevice.DevServices;

public static class Repository
{
    public static string Root
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "BodyCamDevice.sln")))
                {
                    return directory.FullName;
                }
            }

            throw new InvalidOperationException($"BodyCamDevice.sln not found above {AppContext.BaseDirectory}");
        }
    }
}
