namespace CifarLab.Cli.Commands;

public static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int NativeBackend = 3;
    public const int Data = 4;
    public const int Cancelled = 130;
}
