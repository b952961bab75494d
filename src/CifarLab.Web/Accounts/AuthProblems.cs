namespace CifarLab.Web.Accounts;

/// <summary>
/// 401 and 403 answers: API and hub requests get problem+json naming what is missing; pages are sent to the sign-in page.
/// </summary>
public static class AuthProblems
{
    public const string SignInPath = "/account/signin";
    public const string DeniedPath = "/account/denied";

    public static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs");

    public static Task Unauthorized(HttpContext http) =>
        Results.Problem(
            "Sign in, or send a personal access token as 'Authorization: Bearer <token>' (create one on the Tokens page).",
            statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in required").ExecuteAsync(http);

    public static Task Forbidden(HttpContext http, string? detail = null) =>
        Results.Problem(
            detail ?? "Your role does not allow this: viewers read, runners launch and control their own runs, admins do everything.",
            statusCode: StatusCodes.Status403Forbidden, title: "Not allowed").ExecuteAsync(http);
}
