using System.Text;

namespace CifarLab.Training.Environment;

/// <summary>
/// TorchSharp 0.107's libLibTorchSharp.so is linked against GCC 13's libstdc++ (symbol version
/// GLIBCXX_3.4.32). Debian 12 ships GCC 12's, so the native load fails with an opaque error.
/// This check finds the system libstdc++ and tells whether it carries the needed version.
/// </summary>
public static class LibStdCxxCheck
{
    public const string RequiredVersion = "GLIBCXX_3.4.32";

    private static readonly string[] CandidatePaths =
    [
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
        "/usr/lib/aarch64-linux-gnu/libstdc++.so.6",
        "/usr/lib64/libstdc++.so.6",
        "/lib64/libstdc++.so.6",
        "/usr/lib/libstdc++.so.6",
    ];

    /// <summary>The first libstdc++.so.6 found on this machine, or null (e.g. on Windows/macOS).</summary>
    public static string? FindLibrary() => CandidatePaths.FirstOrDefault(File.Exists);

    /// <summary>True when the library file at <paramref name="path"/> defines <see cref="RequiredVersion"/>.</summary>
    public static bool HasRequiredVersion(string path)
    {
        // The version strings sit in .gnu.version_d as plain ASCII: a byte search is exact enough
        // and needs no ELF parser. Read in chunks so a 2 MB library is not held twice.
        var needle = Encoding.ASCII.GetBytes(RequiredVersion + "\0");
        using var stream = File.OpenRead(path);
        var buffer = new byte[1 << 16];
        var carry = 0;
        int read;
        while ((read = stream.Read(buffer, carry, buffer.Length - carry)) > 0)
        {
            var span = buffer.AsSpan(0, carry + read);
            if (span.IndexOf(needle) >= 0)
            {
                return true;
            }
            carry = Math.Min(needle.Length - 1, span.Length);
            span[^carry..].CopyTo(buffer);
        }
        return false;
    }

    /// <summary>The exact fix for this distribution, as shell commands a user can paste.</summary>
    public static string FixFor(OsRelease os)
    {
        if (os.Id == "debian" && os.VersionCodename == "bookworm")
        {
            return string.Join('\n',
                "Debian 12 ships libstdc++ from GCC 12; take libstdc++6 from Debian 13 (trixie) at low pin priority:",
                "  bash scripts/setup.sh        # does exactly the steps below",
                "or by hand:",
                "  echo 'Types: deb\\nURIs: http://deb.debian.org/debian\\nSuites: trixie\\nComponents: main\\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg' | sudo tee /etc/apt/sources.list.d/trixie.sources",
                "  printf 'Package: *\\nPin: release n=trixie\\nPin-Priority: 100\\n' | sudo tee /etc/apt/preferences.d/trixie",
                "  sudo apt-get update && sudo apt-get install -t trixie libstdc++6");
        }
        if (os.Id == "ubuntu")
        {
            return "Ubuntu: 24.04 and newer ship a new enough libstdc++ (sudo apt-get install libstdc++6); on 22.04 add the toolchain PPA: " +
                   "sudo add-apt-repository ppa:ubuntu-toolchain-r/test && sudo apt-get install libstdc++6";
        }
        if (os.Id == "debian")
        {
            return "Debian 13 (trixie) and newer ship GCC 13+: sudo apt-get update && sudo apt-get install libstdc++6";
        }
        return "Install libstdc++ from GCC 13 or newer with your distribution's package manager (it must define GLIBCXX_3.4.32), " +
               "or run CifarLab in its container image (see the Dockerfile).";
    }
}
