using CifarLab.Web.Accounts;
using CifarLab.Web.Tests.Architecture;

namespace CifarLab.Web.Tests.Accounts;

/// <summary>The container listens on every address, so it requires sign-in and needs an admin before it starts.</summary>
public sealed class ContainerSignInTests
{
    [Fact]
    public void The_Dockerfile_binds_every_address_so_sign_in_is_required()
    {
        var dockerfile = File.ReadAllLines(Path.Combine(SourceTree.WebProject, "..", "..", "Dockerfile"));
        var url = dockerfile.Select(l => l.Trim().TrimEnd('\\').Trim())
            .Single(l => l.StartsWith("ASPNETCORE_URLS=", StringComparison.Ordinal))["ASPNETCORE_URLS=".Length..];

        Assert.Equal("http://+:8080", url);
        Assert.True(SignInRule.IsRequired(requireSignIn: null, [url]));
        Assert.DoesNotContain(dockerfile, l => l.Contains("RequireSignIn", StringComparison.Ordinal));
    }
}
