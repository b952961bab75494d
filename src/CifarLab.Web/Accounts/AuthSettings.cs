namespace CifarLab.Web.Accounts;

/// <summary>The "Auth" settings section; every key the accounts code reads is named here.</summary>
public sealed class AuthSettings
{
    public const string Section = "Auth";
    public const string RequireSignInKey = Section + ":" + nameof(RequireSignIn);
    public const string MaxQueuedRunsKey = Section + ":" + nameof(MaxQueuedRunsPerUser);
    public const string MaxQueuedImageEpochsKey = Section + ":" + nameof(MaxQueuedImageEpochsPerUser);
    public const string MaxFailedSignInsKey = Section + ":" + nameof(MaxFailedSignIns);
    public const string LockoutMinutesKey = Section + ":" + nameof(LockoutMinutes);

    /// <summary>The first admin, created at startup when no account of that name exists (environment variables).</summary>
    public const string AdminUserKey = "CIFARLAB_ADMIN_USER";
    public const string AdminPasswordKey = "CIFARLAB_ADMIN_PASSWORD";

    /// <summary>Unset: sign-in is required unless the app listens on loopback addresses only. True or false forces it.</summary>
    public bool? RequireSignIn { get; set; }

    /// <summary>Runs one account may have queued or training at once; 0 = no limit.</summary>
    public int MaxQueuedRunsPerUser { get; set; } = 20;

    /// <summary>Epochs x training images one account may have queued or training at once; 0 = no limit.
    /// The default is 1 000 epochs of the full 50 000-image training set.</summary>
    public long MaxQueuedImageEpochsPerUser { get; set; } = 50_000_000;

    /// <summary>Wrong passwords in a row after which an account is locked for <see cref="LockoutMinutes"/>; 0 = never locked.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account refuses every password, the right one too.</summary>
    public int LockoutMinutes { get; set; } = 15;
}
