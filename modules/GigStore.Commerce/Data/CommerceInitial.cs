using GigStore.Shell.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GigStore.Commerce.Data;

/// <summary>Carts, coupons, checkouts, payments, refunds, orders and their timeline, settings, and the test provider's own records. Written by hand; provider-neutral.</summary>
[DbContext(typeof(CommerceDb))]
[Migration("20261202000100_CommerceInitial")]
internal sealed class CommerceInitial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Commerce_Carts",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                OwnerId = table.Column<string>(maxLength: 450, nullable: true),
                CouponCode = table.Column<string>(maxLength: 40, nullable: true),
                CreatedUtc = table.Column<DateTimeOffset>(nullable: false),
                UpdatedUtc = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Commerce_Carts", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Commerce_CartLines",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                CartId = table.Column<Guid>(nullable: false),
                GigId = table.Column<int>(nullable: false),
                Package = table.Column<string>(maxLength: 20, nullable: false),
                Extras = table.Column<string>(nullable: false),
                Quantity = table.Column<int>(nullable: false),
                UnitPriceMinor = table.Column<long>(nullable: false),
                Currency = table.Column<string>(maxLength: 3, nullable: false),
                AddedUtc = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Commerce_CartLines", x => x.Id);
                table.ForeignKey("FK_Commerce_CartLines_Commerce_Carts_CartId", x => x.CartId, "Commerce_Carts", "Id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "Commerce_Coupons",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                Code = table.Column<string>(maxLength: 40, nullable: false),
                Kind = table.Column<string>(maxLength: 20, nullable: false),
                Amount = table.Column<long>(nullable: false),
                StartsUtc = table.Column<DateTimeOffset>(nullable: true),
                EndsUtc = table.Column<DateTimeOffset>(nullable: true),
                MaxUses = table.Column<int>(nullable: true),
                MaxUsesPerBuyer = table.Column<int>(nullable: true),
                MinOrderMinor = table.Column<long>(nullable: false),
                CategoryIds = table.Column<string>(nullable: false),
                SellerIds = table.Column<string>(nullable: false),
                Uses = table.Column<int>(nullable: false),
                Active = table.Column<bool>(nullable: false),
                CreatedUtc = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Commerce_Coupons", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Commerce_CouponBuyerUses",
            columns: table => new
            {
                CouponId = table.Column<int>(nullable: false),
                BuyerId = table.Column<string>(maxLength: 450, nullable: false),
                Uses = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Commerce_CouponBuyerUses", x => new { x.CouponId, x.BuyerId }));

        migrationBuilder.CreateTable(
            name: "Commerce_Checkouts",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                BuyerId = table.Column<string>(maxLength: 450, nullable: false),
                BuyerEmail = table.Column<string>(maxLength: 256, nullable: false),
                State = table.Column<string>(maxLength: 20, nullable: false),
                Currency = table.Column<string>(maxLength: 3, nullable: false),
                BuyerCountry = table.Column<string>(maxLength: 2, nullable: true),
                SubtotalMinor = table.Column<long>(nullable: false),
                DiscountMinor = table.Column<long>(nullable: false),
                FeeMinor = table.Column<long>(nullable: false),
                TaxMinor = table.Column<long>(nullable: false),
                TaxIncluded = table.Column<bool>(nullable: false),
                TotalMinor = table.Column<long>(nullable: false),
                CouponId = table.Column<int>(nullable: true),
                CouponCode = table.Column<string>(maxLength: 40, nullable: true),
                LinesJson = table.Column<string>(nullable: false),
                Provider = table.Column<string>(maxLength: 40, nullable: false),
                StoreUrl = table.Column<string>(maxLength: 500, nullable: false),
                ProviderReference = table.Column<string>(maxLength: 200, nullable: true),
                FailureMessage = table.Column<string>(maxLength: 500, nullable: true),
                CreatedUtc = table.Column<DateTimeOffset>(nullable: false),
                ExpiresUtc = table.Column<DateTimeOffset>(nullable: false),
                CompletedUtc = table.Column<DateTimeOffset>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_Commerce_Checkouts", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Commerce_Payments",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                CheckoutId = table.Column<Guid>(nullable: false),
                Provider = table.Column<string>(maxLength: 40, nullable: false),
                ProviderPaymentId = table.Column<string>(maxLength: 200, nullable: false),
                AmountMinor = table.Column<long>(nullable: false),
                Currency = table.Column<string>(maxLength: 3, nullable: false),
                RefundedMinor = table.Column<long>(nullable: false),
                CreatedUtc = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Commerce_Payments", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Commerce_Refunds",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                PaymentId = table.Column<int>(nullable: false),
                OrderId = table.Column<int>(nullable: true),
                AmountMinor = table.Column<long>(nullable: false),
                ProviderRefundId = table.Column<string>(maxLength: 200, nullable: false),
                Reason = table.Column<string>(maxLength: 500, nullable: true),
                ActorId = table.Column<string>(maxLength: 450, nullable: true),
                CreatedUtc = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Commerce_Refunds", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Commerce_Orders",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false).AutoIncrement(),
                CheckoutId = table.Column<Guid>(nullable: false),
                LineNumber = table.Column<int>(nullable: false),
                BuyerId = table.Column<string>(maxLength: 450, nullable: false),
                SellerId = table.Column<string>(maxLength: 450, nullable: false),
                SellerName = table.Column<string>(maxLength: 200, nullable: false),
                GigId = table.Column<int>(nullable: false),
                GigTitle = table.Column<string>(maxLength: 200, nullable: false),
                GigSlug = table.Column<string>(maxLength: 200, nullable: false),
                Line = table.Column<string>(nullable: false),
                Currency = table.Column<string>(maxLength: 3, nullable: false),
                SubtotalMinor = table.Column<long>(nullable: false),
                DiscountMinor = table.Column<long>(nullable: false),
                FeeMinor = table.Column<long>(nullable: false),
                TaxMinor = table.Column<long>(nullable: false),
                TotalMinor = table.Column<long>(nullable: false),
                RefundedMinor = table.Column<long>(nullable: false),
                PaymentId = table.Column<int>(nullable: false),
                Status = table.Column<string>(maxLength: 40, nullable: false),
                CreatedUtc = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Commerce_Orders", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Commerce_OrderEvents",
            columns: table => new
            {
                Id = table.Column<long>(nullable: false).AutoIncrement(),
                OrderId = table.Column<int>(nullable: false),
                Kind = table.Column<string>(maxLength: 60, nullable: false),
                ActorId = table.Column<string>(maxLength: 450, nullable: true),
                Text = table.Column<string>(maxLength: 2000, nullable: false),
                CreatedUtc = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Commerce_OrderEvents", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Commerce_Settings",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                Json = table.Column<string>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Commerce_Settings", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Commerce_TestPayments",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 40, nullable: false),
                CheckoutId = table.Column<Guid>(nullable: false),
                IdempotencyKey = table.Column<string>(maxLength: 200, nullable: false),
                AmountMinor = table.Column<long>(nullable: false),
                Currency = table.Column<string>(maxLength: 3, nullable: false),
                State = table.Column<string>(maxLength: 20, nullable: false),
                LastError = table.Column<string>(maxLength: 200, nullable: true),
                RefundedMinor = table.Column<long>(nullable: false),
                CreatedUtc = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Commerce_TestPayments", x => x.Id));

        migrationBuilder.CreateTable(
            name: "Commerce_TestRefunds",
            columns: table => new
            {
                Id = table.Column<string>(maxLength: 40, nullable: false),
                PaymentId = table.Column<string>(maxLength: 40, nullable: false),
                IdempotencyKey = table.Column<string>(maxLength: 200, nullable: false),
                AmountMinor = table.Column<long>(nullable: false),
                CreatedUtc = table.Column<DateTimeOffset>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_Commerce_TestRefunds", x => x.Id));

        migrationBuilder.CreateIndex("IX_Commerce_Carts_OwnerId", "Commerce_Carts", "OwnerId", unique: true);
        migrationBuilder.CreateIndex("IX_Commerce_CartLines_CartId_GigId", "Commerce_CartLines", ["CartId", "GigId"], unique: true);
        migrationBuilder.CreateIndex("IX_Commerce_Coupons_Code", "Commerce_Coupons", "Code", unique: true);
        migrationBuilder.CreateIndex("IX_Commerce_Checkouts_BuyerId", "Commerce_Checkouts", "BuyerId");
        migrationBuilder.CreateIndex("IX_Commerce_Checkouts_State", "Commerce_Checkouts", "State");
        migrationBuilder.CreateIndex("IX_Commerce_Checkouts_Provider_ProviderReference", "Commerce_Checkouts", ["Provider", "ProviderReference"], unique: true);
        migrationBuilder.CreateIndex("IX_Commerce_Payments_CheckoutId", "Commerce_Payments", "CheckoutId", unique: true);
        migrationBuilder.CreateIndex("IX_Commerce_Payments_Provider_ProviderPaymentId", "Commerce_Payments", ["Provider", "ProviderPaymentId"], unique: true);
        migrationBuilder.CreateIndex("IX_Commerce_Refunds_PaymentId", "Commerce_Refunds", "PaymentId");
        migrationBuilder.CreateIndex("IX_Commerce_Refunds_OrderId", "Commerce_Refunds", "OrderId");
        migrationBuilder.CreateIndex("IX_Commerce_Orders_CheckoutId_LineNumber", "Commerce_Orders", ["CheckoutId", "LineNumber"], unique: true);
        migrationBuilder.CreateIndex("IX_Commerce_Orders_BuyerId", "Commerce_Orders", "BuyerId");
        migrationBuilder.CreateIndex("IX_Commerce_Orders_SellerId", "Commerce_Orders", "SellerId");
        migrationBuilder.CreateIndex("IX_Commerce_OrderEvents_OrderId_Id", "Commerce_OrderEvents", ["OrderId", "Id"]);
        migrationBuilder.CreateIndex("IX_Commerce_TestPayments_IdempotencyKey", "Commerce_TestPayments", "IdempotencyKey", unique: true);
        migrationBuilder.CreateIndex("IX_Commerce_TestRefunds_IdempotencyKey", "Commerce_TestRefunds", "IdempotencyKey", unique: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[]
        {
            "Commerce_TestRefunds", "Commerce_TestPayments", "Commerce_Settings", "Commerce_OrderEvents", "Commerce_Orders", "Commerce_Refunds",
            "Commerce_Payments", "Commerce_Checkouts", "Commerce_CouponBuyerUses", "Commerce_Coupons", "Commerce_CartLines", "Commerce_Carts",
        })
        {
            migrationBuilder.DropTable(table);
        }
    }
}
