using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Respite.Data;
using Respite.Data.Identity;
using Respite.Web.Features.Packages;
using Respite.Web.Tests.Infrastructure;

namespace Respite.Web.Tests;

public sealed class PackageApiTests(RespiteWebApplicationFactory factory) : IClassFixture<RespiteWebApplicationFactory>
{
    private async Task<JsonElement> ProductAsync(int credits = 6, decimal price = 3000m, decimal discount = 10m, string? modality = "iv-ketamine-depression", int? validityDays = null)
    {
        var admin = await factory.ClientForAsync(Roles.Admin);
        var response = await admin.PostAsJsonAsync("/api/packages/products", new
        {
            name = "Package " + Guid.NewGuid().ToString("N")[..8], credits, listPrice = price, discountPercent = discount, modality, validityDays,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task<(string PatientId, JsonElement Sale)> SoldAsync(JsonElement product)
    {
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString()!;
        var sold = await desk.PostAsJsonAsync($"/api/patients/{patientId}/packages", new { productId = product.GetProperty("id").GetString() });
        Assert.Equal(HttpStatusCode.Created, sold.StatusCode);
        return (patientId, await sold.ReadJsonAsync());
    }

    [Fact]
    public async Task Product_PricesAreComputedExactly_AndBadInputNamesTheField()
    {
        var product = await ProductAsync(credits: 12, price: 4200m, discount: 26m);
        Assert.Equal("USD", product.GetProperty("currency").GetString());
        Assert.Equal(3108m, product.GetProperty("netPrice").GetDecimal());
        Assert.Equal(1092m, product.GetProperty("saving").GetDecimal());
        Assert.Equal(259m, product.GetProperty("pricePerCredit").GetDecimal());

        var admin = await factory.ClientForAsync(Roles.Admin);
        async Task<string[]> Fields(object body) => (await (await admin.PostAsJsonAsync("/api/packages/products", body)).ReadJsonAsync()).ErrorFields();
        Assert.Contains("credits", await Fields(new { name = "A " + Guid.NewGuid(), credits = 0, listPrice = 100 }));
        Assert.Contains("listPrice", await Fields(new { name = "B " + Guid.NewGuid(), credits = 3, listPrice = 10.005 }));
        Assert.Contains("discountPercent", await Fields(new { name = "C " + Guid.NewGuid(), credits = 3, listPrice = 100, discountPercent = 80 }));
        Assert.Contains("currency", await Fields(new { name = "D " + Guid.NewGuid(), credits = 3, listPrice = 100, currency = "usd" }));
        Assert.Contains("name", await Fields(new { name = product.GetProperty("name").GetString(), credits = 3, listPrice = 100 }));
        var notANumber = await admin.PostAsJsonAsync("/api/packages/products", new { name = "E", credits = 3, listPrice = "lots" });
        Assert.Equal(HttpStatusCode.BadRequest, notANumber.StatusCode);
    }

    [Fact]
    public async Task Product_UpdateNeedsTheVersion_AndASoldPackageKeepsItsTerms()
    {
        var product = await ProductAsync();
        var (patientId, sale) = await SoldAsync(product);
        var admin = await factory.ClientForAsync(Roles.Admin);
        var url = $"/api/packages/products/{product.GetProperty("id").GetString()}";
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsJsonAsync(url, new { listPrice = 3500, version = Guid.NewGuid() })).StatusCode);
        var updated = await admin.PutAsJsonAsync(url, new { listPrice = 3500, active = false, version = product.GetProperty("version").GetString() });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var list = await (await desk.GetAsync($"/api/patients/{patientId}/packages")).ReadJsonAsync();
        Assert.Equal(2700m, list.GetProperty("sales")[0].GetProperty("netPrice").GetDecimal());
        Assert.DoesNotContain((await (await desk.GetAsync("/api/packages/products")).ReadJsonAsync()).EnumerateArray(), p => p.GetProperty("id").GetString() == product.GetProperty("id").GetString());
        var inactive = await desk.PostAsJsonAsync($"/api/patients/{patientId}/packages", new { productId = product.GetProperty("id").GetString() });
        Assert.Contains("productId", (await inactive.ReadJsonAsync()).ErrorFields());
        Assert.Equal(sale.GetProperty("id").GetString(), list.GetProperty("sales")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Payments_ReduceTheBalance_OverpaymentAndCurrencyMismatchAreRefused()
    {
        var (patientId, sale) = await SoldAsync(await ProductAsync());
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var url = $"/api/patients/{patientId}/packages/{sale.GetProperty("id").GetString()}/payments";
        Assert.Equal(2700m, sale.GetProperty("balanceDue").GetDecimal());

        var first = await (await desk.PostAsJsonAsync(url, new { amount = 1000.50m, method = "card-terminal", reference = "R-1" })).ReadJsonAsync();
        Assert.Equal(1699.50m, first.GetProperty("balanceDue").GetDecimal());

        async Task<string[]> Fields(object body)
        {
            var response = await desk.PostAsJsonAsync(url, body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            return (await response.ReadJsonAsync()).ErrorFields();
        }

        Assert.Contains("amount", await Fields(new { amount = 1699.51m, method = "cash" }));
        Assert.Contains("currency", await Fields(new { amount = 10m, currency = "EUR", method = "cash" }));
        Assert.Contains("amount", await Fields(new { amount = 0m, method = "cash" }));
        Assert.Contains("amount", await Fields(new { amount = 1.001m, method = "cash" }));
        Assert.Contains("method", await Fields(new { amount = 10m }));
        Assert.Contains("amount", await Fields(new { amount = 5000m, method = "cash", kind = "refund" }));

        var paid = await (await desk.PostAsJsonAsync(url, new { amount = 1699.50m, method = "cash" })).ReadJsonAsync();
        Assert.Equal(0m, paid.GetProperty("balanceDue").GetDecimal());
        var refund = await (await desk.PostAsJsonAsync(url, new { amount = 100m, method = "cash", kind = "refund" })).ReadJsonAsync();
        Assert.Equal(100m, refund.GetProperty("balanceDue").GetDecimal());
        Assert.Equal(3, refund.GetProperty("payments").GetArrayLength());
    }

    [Fact]
    public async Task CompletingASession_UsesOneCredit_Once_AndReversalGivesItBack()
    {
        var product = await ProductAsync(credits: 2);
        var (patientId, sale) = await SoldAsync(product);
        var location = await SchedulingData.CreateLocationAsync(factory);
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var nurse = await factory.ClientForAsync(Roles.Nurse);

        async Task<JsonElement> BookAsync(int week, string kind = "iv-infusion") =>
            await (await desk.PostAsJsonAsync($"/api/patients/{patientId}/appointments", new
            {
                kind, locationId = location.GetProperty("id").GetString(), date = SchedulingData.Monday(week).ToString("yyyy-MM-dd"), startTime = "09:00", treatmentMinutes = 40,
            })).ReadJsonAsync();

        async Task<HttpResponseMessage> CompleteAsync(JsonElement appointment, string? version = null) =>
            await nurse.PostAsJsonAsync($"/api/patients/{patientId}/appointments/{appointment.GetProperty("id").GetString()}/complete",
                new { version = version ?? appointment.GetProperty("version").GetString() });

        var first = await BookAsync(1);
        var done = await CompleteAsync(first);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var result = await done.ReadJsonAsync();
        Assert.True(result.GetProperty("credit").GetProperty("consumed").GetBoolean());
        Assert.Equal(sale.GetProperty("id").GetString(), result.GetProperty("credit").GetProperty("saleId").GetString());
        Assert.Equal("completed", result.GetProperty("appointment").GetProperty("status").GetString());

        // Completing again is refused and takes nothing.
        Assert.Equal(HttpStatusCode.Conflict, (await CompleteAsync(first, result.GetProperty("appointment").GetProperty("version").GetString())).StatusCode);
        var packages = await (await desk.GetAsync($"/api/patients/{patientId}/packages")).ReadJsonAsync();
        Assert.Equal(1, packages.GetProperty("creditsRemaining").GetInt32());

        // A follow-up uses no credit; an esketamine session finds no matching package.
        var followUp = await CompleteAsync(await BookAsync(2, "follow-up"));
        Assert.False((await followUp.ReadJsonAsync()).GetProperty("credit").GetProperty("consumed").GetBoolean());
        var esketamine = await (await CompleteAsync(await BookAsync(3, "esketamine-session"))).ReadJsonAsync();
        Assert.False(esketamine.GetProperty("credit").GetProperty("consumed").GetBoolean());
        Assert.Contains("bill this session separately", esketamine.GetProperty("credit").GetProperty("message").GetString());

        // A credit taken by hand for the same appointment is refused; reversing gives it back.
        var saleUrl = $"/api/patients/{patientId}/packages/{sale.GetProperty("id").GetString()}";
        var twice = await nurse.PostAsJsonAsync($"{saleUrl}/credits", new { appointmentId = first.GetProperty("id").GetString() });
        Assert.Contains("appointmentId", (await twice.ReadJsonAsync()).ErrorFields());
        var useId = result.GetProperty("credit").GetProperty("creditUseId").GetString();
        Assert.Contains("reason", (await (await nurse.PostAsJsonAsync($"{saleUrl}/credits/{useId}/reverse", new { })).ReadJsonAsync()).ErrorFields());
        var reversed = await (await nurse.PostAsJsonAsync($"{saleUrl}/credits/{useId}/reverse", new { reason = "Session stopped after 5 minutes" })).ReadJsonAsync();
        Assert.Equal(2, reversed.GetProperty("creditsRemaining").GetInt32());

        // Two credits by hand use the package up.
        var byHand = await (await nurse.PostAsJsonAsync($"{saleUrl}/credits", new { note = "Session at the partner clinic" })).ReadJsonAsync();
        Assert.Equal(1, byHand.GetProperty("creditsRemaining").GetInt32());
        byHand = await (await nurse.PostAsJsonAsync($"{saleUrl}/credits", new { note = "Session at the partner clinic" })).ReadJsonAsync();
        Assert.Equal(0, byHand.GetProperty("creditsRemaining").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, (await nurse.PostAsJsonAsync($"{saleUrl}/credits", new { })).StatusCode);

        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Respite.Data.RespiteDbContext>();
        var pid = Guid.Parse(patientId);
        Assert.True(await db.AuditEvents.CountAsync(e => e.PatientId == pid && e.EntityType == "PackageSale" && e.Detail == "credit used") >= 3);
    }

    [Fact]
    public async Task PatientSeesOwnPackages_NotAnothers_AndCancelNeedsAReason()
    {
        var patient = await factory.ClientForAsync(Roles.Patient);
        var own = (await (await patient.GetAsync("/api/auth/me")).ReadJsonAsync()).GetProperty("patientId").GetString();
        var mine = await patient.GetAsync($"/api/patients/{own}/packages");
        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        Assert.Contains((await mine.ReadJsonAsync()).GetProperty("sales").EnumerateArray(), s => s.GetProperty("productName").GetString() == "6-infusion induction package");

        var (otherId, sale) = await SoldAsync(await ProductAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await patient.GetAsync($"/api/patients/{otherId}/packages")).StatusCode);

        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var url = $"/api/patients/{otherId}/packages/{sale.GetProperty("id").GetString()}/cancel";
        Assert.Contains("reason", (await (await desk.PostAsJsonAsync(url, new { version = sale.GetProperty("version").GetString() })).ReadJsonAsync()).ErrorFields());
        var cancelled = await (await desk.PostAsJsonAsync(url, new { reason = "Changed mind within the cooling-off period", version = sale.GetProperty("version").GetString() })).ReadJsonAsync();
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        var after = await (await desk.GetAsync($"/api/patients/{otherId}/packages")).ReadJsonAsync();
        Assert.Equal(0, after.GetProperty("creditsRemaining").GetInt32());
    }

    [Fact]
    public async Task DiscountAboveTheProducts_NeedsAReason()
    {
        var product = await ProductAsync(discount: 10m);
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var url = $"/api/patients/{patientId}/packages";
        var refused = await desk.PostAsJsonAsync(url, new { productId = product.GetProperty("id").GetString(), discountPercent = 20 });
        Assert.Contains("discountReason", (await refused.ReadJsonAsync()).ErrorFields());
        var sold = await (await desk.PostAsJsonAsync(url, new { productId = product.GetProperty("id").GetString(), discountPercent = 20, discountReason = "Hardship" })).ReadJsonAsync();
        Assert.Equal(2400m, sold.GetProperty("netPrice").GetDecimal());
    }

    [Fact]
    public async Task Cancel_ReturnsUnusedCredits_NothingMoreIsDue_OnlyARefundCanBeRecorded()
    {
        var (patientId, sale) = await SoldAsync(await ProductAsync());
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var saleUrl = $"/api/patients/{patientId}/packages/{sale.GetProperty("id").GetString()}";
        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsJsonAsync($"{saleUrl}/payments", new { amount = 1000m, currency = "USD", method = "cash" })).StatusCode);
        await nurse.PostAsJsonAsync($"{saleUrl}/credits", new { note = "Session 1" });
        var used = await (await nurse.PostAsJsonAsync($"{saleUrl}/credits", new { note = "Session 2" })).ReadJsonAsync();
        Assert.Equal(2, used.GetProperty("creditsUsed").GetInt32());
        Assert.Equal(0, used.GetProperty("creditsReturned").GetInt32());
        Assert.Equal(1700m, used.GetProperty("balanceDue").GetDecimal());

        var cancelled = await (await desk.PostAsJsonAsync($"{saleUrl}/cancel", new { reason = "Moving away", version = used.GetProperty("version").GetString() })).ReadJsonAsync();
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(2, cancelled.GetProperty("creditsUsed").GetInt32());
        Assert.Equal(4, cancelled.GetProperty("creditsReturned").GetInt32());
        Assert.Equal(0, cancelled.GetProperty("creditsRemaining").GetInt32());
        Assert.Equal(0m, cancelled.GetProperty("balanceDue").GetDecimal());

        var payment = await desk.PostAsJsonAsync($"{saleUrl}/payments", new { amount = 10m, currency = "USD", method = "cash" });
        Assert.Equal(HttpStatusCode.Conflict, payment.StatusCode);
        Assert.Contains("only a refund", (await payment.ReadJsonAsync()).GetProperty("detail").GetString());
        var tooMuch = await desk.PostAsJsonAsync($"{saleUrl}/payments", new { amount = 1000.01m, currency = "USD", method = "cash", kind = "refund" });
        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Contains("amount", (await tooMuch.ReadJsonAsync()).ErrorFields());
        var refund = await desk.PostAsJsonAsync($"{saleUrl}/payments", new { amount = 400m, currency = "USD", method = "bank-transfer", kind = "refund", reference = "Unused sessions" });
        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        var refunded = await refund.ReadJsonAsync();
        Assert.Equal(400m, refunded.GetProperty("refunded").GetDecimal());
        Assert.Equal(0m, refunded.GetProperty("balanceDue").GetDecimal());
        Assert.Equal(HttpStatusCode.Conflict, (await nurse.PostAsJsonAsync($"{saleUrl}/credits", new { note = "After cancelling" })).StatusCode);

        var list = await (await desk.GetAsync($"/api/patients/{patientId}/packages")).ReadJsonAsync();
        Assert.Equal(0, list.GetProperty("creditsRemaining").GetInt32());
        Assert.All(list.GetProperty("balances").EnumerateArray(), b => Assert.Equal(0m, b.GetProperty("balanceDue").GetDecimal()));
    }

    [Fact]
    public async Task Sell_NoteAndDiscountReasonTooLongTogether_Returns400NamingTheNote_AndSellsNothing()
    {
        var product = await ProductAsync(discount: 10m);
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var patientId = (await TestData.CreatePatientAsync(desk)).GetProperty("id").GetString();
        var response = await desk.PostAsJsonAsync($"/api/patients/{patientId}/packages", new
        {
            productId = product.GetProperty("id").GetString(), discountPercent = 20, discountReason = new string('r', 400), note = new string('n', 900),
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["note"], (await response.ReadJsonAsync()).ErrorFields());
        var list = await (await desk.GetAsync($"/api/patients/{patientId}/packages")).ReadJsonAsync();
        Assert.Equal(0, list.GetProperty("sales").GetArrayLength());
    }

    [Fact]
    public async Task CurrenciesWithThreeDecimals_AreRefused_ForProductsAndTheClinicSetting()
    {
        var admin = await factory.ClientForAsync(Roles.Admin);
        var product = await admin.PostAsJsonAsync("/api/packages/products", new { name = "KWD " + Guid.NewGuid(), credits = 3, listPrice = 100.125m, currency = "KWD" });
        Assert.Equal(HttpStatusCode.BadRequest, product.StatusCode);
        Assert.Equal(["currency"], (await product.ReadJsonAsync()).ErrorFields());
        var yen = await admin.PostAsJsonAsync("/api/packages/products", new { name = "JPY " + Guid.NewGuid(), credits = 3, listPrice = 30000m, currency = "JPY", discountPercent = 26 });
        Assert.Equal(HttpStatusCode.Created, yen.StatusCode);
        Assert.Equal(22200m, (await yen.ReadJsonAsync()).GetProperty("netPrice").GetDecimal());

        var setting = await admin.PutAsJsonAsync("/api/settings/billing", new { currency = "BHD", maxDiscountPercent = 50 });
        Assert.Equal(HttpStatusCode.BadRequest, setting.StatusCode);
        Assert.Contains("currency", (await setting.ReadJsonAsync()).ErrorFields());
    }

    [Fact]
    public async Task VoidedSession_GivesItsCreditBack_Once()
    {
        var product = await ProductAsync(credits: 2);
        var (patientId, sale) = await SoldAsync(product);
        var location = await SchedulingData.CreateLocationAsync(factory);
        var desk = await factory.ClientForAsync(Roles.FrontDesk);
        var nurse = await factory.ClientForAsync(Roles.Nurse);
        var appointment = await (await desk.PostAsJsonAsync($"/api/patients/{patientId}/appointments", new
        {
            kind = "iv-infusion", locationId = location.GetProperty("id").GetString(), date = SchedulingData.Monday(4).ToString("yyyy-MM-dd"), startTime = "10:00", treatmentMinutes = 40,
        })).ReadJsonAsync();
        var appointmentId = Guid.Parse(appointment.GetProperty("id").GetString()!);
        var completed = await (await nurse.PostAsJsonAsync($"/api/patients/{patientId}/appointments/{appointmentId}/complete",
            new { version = appointment.GetProperty("version").GetString() })).ReadJsonAsync();
        var useId = completed.GetProperty("credit").GetProperty("creditUseId").GetString();

        var nurseId = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == "nurse@demo.respite.local").Select(u => u.Id).SingleAsync());
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, nurseId), new Claim(ClaimTypes.Role, Roles.Nurse)], "test"));
        async Task<CreditReversalDto> VoidAsync()
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var packages = scope.ServiceProvider.GetRequiredService<PackageService>();
            var result = await packages.PrepareCreditReversalForAppointmentAsync(user, appointmentId, "Session voided: pump failure before dosing");
            await scope.ServiceProvider.GetRequiredService<RespiteDbContext>().SaveChangesAsync();
            return result;
        }

        var first = await VoidAsync();
        Assert.True(first.Reversed);
        Assert.Equal(sale.GetProperty("id").GetString(), first.SaleId.ToString());
        Assert.Equal(useId, first.CreditUseId.ToString());
        var second = await VoidAsync();
        Assert.False(second.Reversed);

        var list = await (await desk.GetAsync($"/api/patients/{patientId}/packages")).ReadJsonAsync();
        var after = list.GetProperty("sales")[0];
        Assert.Equal(2, after.GetProperty("creditsRemaining").GetInt32());
        var use = Assert.Single(after.GetProperty("creditUses").EnumerateArray());
        Assert.Equal("Session voided: pump failure before dosing", use.GetProperty("reverseReason").GetString());
        var pid = Guid.Parse(patientId);
        Assert.Equal(1, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(e =>
            e.PatientId == pid && e.EntityType == "PackageSale" && e.Detail == "credit given back" && e.UserId == nurseId)));
    }
}
