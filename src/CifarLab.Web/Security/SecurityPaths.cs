namespace CifarLab.Web.Security;

/// <summary>Which requests the defences treat specially, by path: the one place these prefixes are written.</summary>
public static class SecurityPaths
{
    /// <summary>The REST API: its errors are always problem+json, never a page.</summary>
    public static readonly PathString Api = "/api";

    /// <summary>The interactive API reference, which runs its own inline script (its own content policy).</summary>
    public static readonly PathString ApiReference = "/scalar";

    /// <summary>Long-lived connections: the training hub and Blazor's own circuit. Opening one is checked like a change.</summary>
    public static readonly PathString[] Live = ["/hubs", "/_blazor"];

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments(Api);

    public static bool IsLive(HttpRequest request) => Live.Any(p => request.Path.StartsWithSegments(p));

    /// <summary>Methods that change state; a browser sends them cross-site from a plain form or fetch.</summary>
    public static bool ChangesState(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
          || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));
}
