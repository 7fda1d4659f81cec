using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Respite.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Packages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "package_products",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Modality = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Credits = table.Column<int>(type: "INTEGER", nullable: false),
                    ListPrice = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    DiscountPercent = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    ValidityDays = table.Column<int>(type: "INTEGER", nullable: true),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_package_products", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "package_sales",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PatientId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProductName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Modality = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Credits = table.Column<int>(type: "INTEGER", nullable: false),
                    ListPrice = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    DiscountPercent = table.Column<decimal>(type: "TEXT", precision: 5, scale: 2, nullable: false),
                    NetPrice = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    ExpiresOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    CancelReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    SoldAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SoldByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_package_sales", x => x.Id);
                    table.ForeignKey(
                        name: "FK_package_sales_package_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "package_products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_package_sales_patients_PatientId",
                        column: x => x.PatientId,
                        principalTable: "patients",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "package_credit_uses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SaleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AppointmentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    UsedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UsedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    ReversedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReversedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ReverseReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_package_credit_uses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_package_credit_uses_appointments_AppointmentId",
                        column: x => x.AppointmentId,
                        principalTable: "appointments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_package_credit_uses_package_sales_SaleId",
                        column: x => x.SaleId,
                        principalTable: "package_sales",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "package_payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SaleId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", fixedLength: true, maxLength: 3, nullable: false),
                    Method = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedByUserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_package_payments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_package_payments_package_sales_SaleId",
                        column: x => x.SaleId,
                        principalTable: "package_sales",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_package_credit_uses_AppointmentId",
                table: "package_credit_uses",
                column: "AppointmentId");

            migrationBuilder.CreateIndex(
                name: "IX_package_credit_uses_SaleId",
                table: "package_credit_uses",
                column: "SaleId");

            migrationBuilder.CreateIndex(
                name: "IX_package_payments_SaleId",
                table: "package_payments",
                column: "SaleId");

            migrationBuilder.CreateIndex(
                name: "IX_package_products_Name",
                table: "package_products",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_package_sales_PatientId_SoldAt",
                table: "package_sales",
                columns: new[] { "PatientId", "SoldAt" });

            migrationBuilder.CreateIndex(
                name: "IX_package_sales_ProductId",
                table: "package_sales",
                column: "ProductId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "package_credit_uses");

            migrationBuilder.DropTable(
                name: "package_payments");

            migrationBuilder.DropTable(
                name: "package_sales");

            migrationBuilder.DropTable(
                name: "package_products");
        }
    }
}
