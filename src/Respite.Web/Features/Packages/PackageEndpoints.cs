using System.Security.Claims;
using Respite.Web.Hosting;

namespace Respite.Web.Features.Packages;

public static class PackageEndpoints
{
    public static IEndpointRouteBuilder MapPackageEndpoints(this IEndpointRouteBuilder app)
    {
        var products = app.MapGroup("/api/packages/products").WithTags("Packages");
        products.MapGet("/", async (PackageService service, bool? includeInactive, CancellationToken ct) =>
                TypedResults.Ok(await service.ProductsAsync(includeInactive ?? false, ct)))
            .RequireAuthorization(Policies.Staff)
            .WithName("ListPackageProducts");
        products.MapPost("/", async (PackageService service, ProductInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A product is required.")
                    : (await service.CreateProductAsync(input, ct)).ToResult(dto => TypedResults.Created($"/api/packages/products/{dto.Id}", dto)))
            .RequireAuthorization(Policies.Admin)
            .WithName("CreatePackageProduct").WithSummary("A package: session credits, list price, discount (administrators).");
        products.MapPut("/{productId:guid}", async (PackageService service, Guid productId, ProductInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A product is required.")
                    : (await service.UpdateProductAsync(productId, input, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Admin)
            .WithName("UpdatePackageProduct").WithSummary("Change or deactivate a product; needs the version last read. Sold packages keep their terms.");

        var sales = app.MapGroup("/api/patients/{patientId:guid}/packages").WithTags("Packages");
        sales.MapGet("/", async (PackageService service, ClaimsPrincipal user, Guid patientId, CancellationToken ct) =>
                (await service.ListForPatientAsync(user, patientId, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecordsOrSelf)
            .WithName("ListPatientPackages").WithSummary("The patient's packages: credits left, payments, balance due.");
        sales.MapPost("/", async (PackageService service, ClaimsPrincipal user, Guid patientId, SaleInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A sale is required.")
                    : (await service.SellAsync(user, patientId, input, ct)).ToResult(dto => TypedResults.Created($"/api/patients/{patientId}/packages/{dto.Id}", dto)))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("SellPackage");
        sales.MapPost("/{saleId:guid}/payments", async (PackageService service, ClaimsPrincipal user, Guid patientId, Guid saleId, PaymentInput? input, CancellationToken ct) =>
                input is null
                    ? Problems.Validation("body", "A payment is required.")
                    : (await service.RecordPaymentAsync(user, patientId, saleId, input, ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("RecordPackagePayment").WithSummary("Record money received (or refunded); never more than the balance due (or than was paid).");
        sales.MapPost("/{saleId:guid}/cancel", async (PackageService service, ClaimsPrincipal user, Guid patientId, Guid saleId, CancelSaleInput? input, CancellationToken ct) =>
                (await service.CancelAsync(user, patientId, saleId, input ?? new CancelSaleInput(null, null), ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.PatientRecords)
            .WithName("CancelPackage");
        sales.MapPost("/{saleId:guid}/credits", async (PackageService service, ClaimsPrincipal user, Guid patientId, Guid saleId, CreditInput? input, CancellationToken ct) =>
                (await service.ConsumeAsync(user, patientId, saleId, input ?? new CreditInput(null, null), ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Clinician)
            .WithName("UsePackageCredit").WithSummary("Take one credit by hand (completing a session takes one automatically).");
        sales.MapPost("/{saleId:guid}/credits/{useId:guid}/reverse", async (
                PackageService service, ClaimsPrincipal user, Guid patientId, Guid saleId, Guid useId, ReverseCreditInput? input, CancellationToken ct) =>
                (await service.ReverseAsync(user, patientId, saleId, useId, input ?? new ReverseCreditInput(null), ct)).ToResult(TypedResults.Ok))
            .RequireAuthorization(Policies.Clinician)
            .WithName("ReversePackageCredit").WithSummary("Give a credit back, with a reason (the use stays on record).");
        return app;
    }
}
