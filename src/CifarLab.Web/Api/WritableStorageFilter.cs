using CifarLab.Web.Lab;

namespace CifarLab.Web.Api;

/// <summary>
/// For endpoints that queue or resume training (launch, rerun, resume, seed groups): while <see cref="StorageHealth"/>
/// holds a fault they answer 507 problem+json (<see cref="StorageProblems.Refuse"/>) instead of queueing work that
/// cannot write its files.
/// </summary>
public sealed class WritableStorageFilter(StorageHealth storage) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        storage.Check() is { } fault ? StorageProblems.Refuse(fault) : await next(context);
}

public static class WritableStorageFilterExtensions
{
    /// <summary>Refuses the endpoint with 507 while the lab cannot write (<see cref="WritableStorageFilter"/>).</summary>
    public static RouteHandlerBuilder RequireWritableStorage(this RouteHandlerBuilder endpoint) =>
        endpoint.AddEndpointFilter<WritableStorageFilter>().ProducesProblem(StatusCodes.Status507InsufficientStorage);
}
