using System.Diagnostics;

namespace CifarLab.Web.Tests.Infrastructure;

/// <summary>
/// Makes a real file or folder unwritable for this process, and writable again on dispose. Permissions (chmod a-w)
/// do it for an ordinary user; root ignores them, so there the immutable attribute (chattr +i, on file systems that
/// have it) does it. Either way the test checks that a write really fails before relying on it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class Unwritable : IDisposable
{
    private readonly string _path;
    private readonly UnixFileMode _mode;
    private readonly bool _immutable;

    public Unwritable(string path)
    {
        _path = path;
        _mode = File.GetUnixFileMode(path);
        File.SetUnixFileMode(path, _mode & ~(UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
        if (CanWrite(path))
        {
            _immutable = Chattr("+i", path);
        }
        Assert.False(CanWrite(path), $"Could not make {path} unwritable here (permissions do not bind root, and chattr +i failed).");
    }

    public void Dispose()
    {
        if (_immutable)
        {
            Chattr("-i", _path);
        }
        File.SetUnixFileMode(_path, _mode);
    }

    private static bool CanWrite(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                using (new FileStream(Path.Combine(path, $".write-test-{Guid.NewGuid():N}"), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
                {
                }
            }
            else
            {
                using (new FileStream(path, FileMode.Open, FileAccess.Write))
                {
                }
            }
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool Chattr(string flag, string path)
    {
        try
        {
            using var chattr = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true });
            chattr!.WaitForExit();
            return chattr.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no chattr here
        }
    }
}
