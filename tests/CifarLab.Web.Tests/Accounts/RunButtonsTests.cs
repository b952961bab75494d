using System.Security.Claims;
using Bunit;
using CifarLab.Web.Accounts;
using CifarLab.Web.Components.Widgets;
using CifarLab.Web.Data;
using CifarLab.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;

namespace CifarLab.Web.Tests.Accounts;

/// <summary>A run's buttons show only to who may use them: its owner (a runner) or an admin.</summary>
public sealed class RunButtonsTests : ComponentTestBase
{
    private static Task<AuthenticationState> As(LabRole role, string name) => Task.FromResult(new AuthenticationState(
        LabPrincipal.For(new LabUser { Id = name + "-id", UserName = name, Role = role }, "test")));

    private IRenderedComponent<RunActions> Actions(string? owner, Task<AuthenticationState> user) =>
        Render<RunActions>(p => p.Add(c => c.RunId, 1).Add(c => c.Status, RunStatus.Queued).Add(c => c.Owner, owner)
            .AddCascadingValue(user));

    [Fact]
    public void A_viewer_sees_no_run_controls_and_cannot_clone()
    {
        var actions = Actions("rita", As(LabRole.Viewer, "victor"));

        Assert.Empty(actions.FindAll("#cancel-run"));
        Assert.Empty(actions.FindAll("#rerun"));
        Assert.Empty(actions.FindAll("#delete-run"));
        Assert.DoesNotContain("Clone and edit", actions.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void A_runner_controls_its_own_run_but_not_another_s()
    {
        var own = Actions("rita", As(LabRole.Runner, "rita"));
        var other = Actions("rob", As(LabRole.Runner, "rita"));

        Assert.Single(own.FindAll("#cancel-run"));
        Assert.Single(own.FindAll("#delete-run"));
        Assert.Empty(other.FindAll("#cancel-run"));
        Assert.Empty(other.FindAll("#delete-run"));
        Assert.Contains("Clone and edit", other.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void An_admin_and_the_implicit_local_admin_control_every_run()
    {
        var admin = Actions("rob", As(LabRole.Admin, "ada"));
        var local = Actions(null, Task.FromResult(new AuthenticationState(LabPrincipal.Local("test"))));

        Assert.Single(admin.FindAll("#cancel-run"));
        Assert.Single(local.FindAll("#cancel-run"));
    }

    [Fact]
    public void The_local_admin_launches_runs_without_an_owner()
    {
        Assert.Null(LabPrincipal.Local("test").OwnerName());
        Assert.True(LabPrincipal.Local("test").MayControl("rita"));
        Assert.Equal("rita", LabPrincipal.For(new LabUser { Id = "1", UserName = "rita", Role = LabRole.Runner }, "t").OwnerName());
        Assert.False(new ClaimsPrincipal(new ClaimsIdentity()).MayControl(null));
    }
}
