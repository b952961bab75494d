using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace CifarLab.Web.Api;

/// <summary>
/// What the defences and the accounts add to every operation, written into /openapi/v1.json from the endpoints'
/// own metadata: the bearer-token security scheme (a personal access token) on each operation that needs an
/// account, with its 401 and 403; on each operation that changes state the 403 of a cross-site request, the 429 of
/// the rate limits and the 507 of a lab that cannot write; on each one with a body the 413 and 415.
/// </summary>
public sealed class ApiSecurityDocumentation : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeName = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "clab_ personal access token",
            Description = "A personal access token from the Tokens page (/account/tokens): Authorization: Bearer clab_... "
                + "Pages and the hub also accept the sign-in cookie. A host that listens on loopback only and does not require "
                + "sign-in (Auth:RequireSignIn) needs neither.",
        };
        return Task.CompletedTask;
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var signedIn = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
        var method = context.Description.HttpMethod ?? "GET";
        var changes = !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));
        var problem = await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), null, cancellationToken);

        operation.Responses ??= new OpenApiResponses();
        void Add(int status, string description)
        {
            operation.Responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
            });
        }

        if (signedIn)
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] });
            Add(StatusCodes.Status401Unauthorized, "Sign-in is required: no valid personal access token or cookie (revoked, or the account is disabled).");
        }
        if (signedIn || changes)
        {
            Add(StatusCodes.Status403Forbidden, "The account's role does not allow this, the run is another account's, or a change came from another site's page.");
        }
        if (operation.RequestBody is not null)
        {
            Add(StatusCodes.Status413PayloadTooLarge, "The body is larger than Limits:MaxRequestBodyBytes.");
            Add(StatusCodes.Status415UnsupportedMediaType, "The body is not JSON: send Content-Type: application/json.");
        }
        if (changes)
        {
            Add(StatusCodes.Status429TooManyRequests, "Over the rate limit (Limits:LaunchesPerWindow, Limits:CommandsPerWindow; Retry-After says when) or over the account's queue limit.");
            Add(StatusCodes.Status507InsufficientStorage, "The lab cannot write its files (a full disk, an unwritable folder or database); /health says since when.");
        }
    }
}
