using System.Text.Json;
using System.Text.Json.Serialization;
using GigStore.Commerce.Pricing;
using GigStore.Catalog.Gigs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace GigStore.Commerce.Data;

/// <summary>What the commerce module keeps in the tenant's database: carts, coupons, checkouts, payments and orders.</summary>
public sealed class CommerceDb(DbContextOptions<CommerceDb> options) : DbContext(options)
{
    public const string HistoryTable = "__Migrations_Commerce";

    public DbSet<Cart> Carts => Set<Cart>();

    public DbSet<CartLine> CartLines => Set<CartLine>();

    public DbSet<Coupon> Coupons => Set<Coupon>();

    public DbSet<CouponBuyerUse> CouponBuyerUses => Set<CouponBuyerUse>();

    public DbSet<Checkout> Checkouts => Set<Checkout>();

    public DbSet<Payment> Payments => Set<Payment>();

    public DbSet<Refund> Refunds => Set<Refund>();

    public DbSet<Order> Orders => Set<Order>();

    public DbSet<OrderEvent> OrderEvents => Set<OrderEvent>();

    public DbSet<CommerceSettingsRow> Settings => Set<CommerceSettingsRow>();

    public DbSet<TestPayment> TestPayments => Set<TestPayment>();

    public DbSet<TestRefund> TestRefunds => Set<TestRefund>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Cart>(e =>
        {
            e.ToTable("Commerce_Carts");
            e.HasKey(x => x.Id);
            e.Property(x => x.OwnerId).HasMaxLength(450);
            e.HasIndex(x => x.OwnerId).IsUnique();
            e.Property(x => x.CouponCode).HasMaxLength(40);
            e.HasMany(x => x.Lines).WithOne().HasForeignKey(l => l.CartId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<CartLine>(e =>
        {
            e.ToTable("Commerce_CartLines");
            e.HasKey(x => x.Id);
            e.Property(x => x.Package).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.Extras).HasConversion(Json<List<int>>(), IntListComparer);
            e.Property(x => x.Currency).HasMaxLength(3);
            e.HasIndex(x => new { x.CartId, x.GigId }).IsUnique();
        });
        modelBuilder.Entity<Coupon>(e =>
        {
            e.ToTable("Commerce_Coupons");
            e.HasKey(x => x.Id);
            e.Property(x => x.Code).HasMaxLength(40);
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.CategoryIds).HasConversion(Json<List<int>>(), IntListComparer);
            e.Property(x => x.SellerIds).HasConversion(Json<List<string>>(), StringListComparer);
        });
        modelBuilder.Entity<CouponBuyerUse>(e =>
        {
            e.ToTable("Commerce_CouponBuyerUses");
            e.HasKey(x => new { x.CouponId, x.BuyerId });
            e.Property(x => x.BuyerId).HasMaxLength(450);
        });
        modelBuilder.Entity<Checkout>(e =>
        {
            e.ToTable("Commerce_Checkouts");
            e.HasKey(x => x.Id);
            e.Property(x => x.BuyerId).HasMaxLength(450);
            e.HasIndex(x => x.BuyerId);
            e.Property(x => x.BuyerEmail).HasMaxLength(256);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
            e.HasIndex(x => x.State);
            e.Property(x => x.Currency).HasMaxLength(3);
            e.Property(x => x.BuyerCountry).HasMaxLength(2);
            e.Property(x => x.CouponCode).HasMaxLength(40);
            e.Property(x => x.Provider).HasMaxLength(40);
            e.Property(x => x.StoreUrl).HasMaxLength(500);
            e.Property(x => x.ProviderReference).HasMaxLength(200);
            e.HasIndex(x => new { x.Provider, x.ProviderReference }).IsUnique();
            e.Property(x => x.FailureMessage).HasMaxLength(500);
        });
        modelBuilder.Entity<Payment>(e =>
        {
            e.ToTable("Commerce_Payments");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.CheckoutId).IsUnique();
            e.Property(x => x.Provider).HasMaxLength(40);
            e.Property(x => x.ProviderPaymentId).HasMaxLength(200);
            e.HasIndex(x => new { x.Provider, x.ProviderPaymentId }).IsUnique();
            e.Property(x => x.Currency).HasMaxLength(3);
        });
        modelBuilder.Entity<Refund>(e =>
        {
            e.ToTable("Commerce_Refunds");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.PaymentId);
            e.HasIndex(x => x.OrderId);
            e.Property(x => x.ProviderRefundId).HasMaxLength(200);
            e.Property(x => x.Reason).HasMaxLength(500);
            e.Property(x => x.ActorId).HasMaxLength(450);
        });
        modelBuilder.Entity<Order>(e =>
        {
            e.ToTable("Commerce_Orders");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.CheckoutId, x.LineNumber }).IsUnique();
            e.Property(x => x.BuyerId).HasMaxLength(450);
            e.Property(x => x.SellerId).HasMaxLength(450);
            e.HasIndex(x => x.BuyerId);
            e.HasIndex(x => x.SellerId);
            e.Property(x => x.GigTitle).HasMaxLength(200);
            e.Property(x => x.GigSlug).HasMaxLength(200);
            e.Property(x => x.SellerName).HasMaxLength(200);
            e.Property(x => x.Currency).HasMaxLength(3);
            e.Property(x => x.Status).HasConversion<string>().HasMaxLength(40);
            e.Property(x => x.Line).HasConversion(Json<CheckoutLine>(), null);
        });
        modelBuilder.Entity<OrderEvent>(e =>
        {
            e.ToTable("Commerce_OrderEvents");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.OrderId, x.Id });
            e.Property(x => x.Kind).HasMaxLength(60);
            e.Property(x => x.ActorId).HasMaxLength(450);
            e.Property(x => x.Text).HasMaxLength(2000);
        });
        modelBuilder.Entity<CommerceSettingsRow>(e =>
        {
            e.ToTable("Commerce_Settings");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
        });
        modelBuilder.Entity<TestPayment>(e =>
        {
            e.ToTable("Commerce_TestPayments");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.IdempotencyKey).HasMaxLength(200);
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.Property(x => x.Currency).HasMaxLength(3);
            e.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
            e.Property(x => x.LastError).HasMaxLength(200);
        });
        modelBuilder.Entity<TestRefund>(e =>
        {
            e.ToTable("Commerce_TestRefunds");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(40);
            e.Property(x => x.PaymentId).HasMaxLength(40);
            e.Property(x => x.IdempotencyKey).HasMaxLength(200);
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
        });
    }

    private static readonly ValueComparer<List<int>> IntListComparer = new((a, b) => a!.SequenceEqual(b!), l => l.Aggregate(0, (h, v) => HashCode.Combine(h, v)), l => l.ToList());

    private static readonly ValueComparer<List<string>> StringListComparer = new((a, b) => a!.SequenceEqual(b!), l => l.Aggregate(0, (h, v) => HashCode.Combine(h, v)), l => l.ToList());

    private static Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<T, string> Json<T>() => new(
        v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
        v => JsonSerializer.Deserialize<T>(v, JsonSerializerOptions.Web)!);
}

/// <summary>A buyer's cart: one per signed-in buyer (<see cref="OwnerId"/>), or an anonymous one named by a cookie.</summary>
public sealed class Cart
{
    public Guid Id { get; set; }

    /// <summary>The signed-in buyer; null for an anonymous cart, which merges into the buyer's on sign-in.</summary>
    public string? OwnerId { get; set; }

    /// <summary>The coupon the buyer entered, checked again at every price.</summary>
    public string? CouponCode { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    public DateTimeOffset UpdatedUtc { get; set; }

    public List<CartLine> Lines { get; set; } = [];
}

/// <summary>One gig in a cart: the package, extras and quantity chosen, and the unit price the buyer was shown.</summary>
public sealed class CartLine
{
    public int Id { get; set; }

    public Guid CartId { get; set; }

    public int GigId { get; set; }

    public PackageTier Package { get; set; }

    /// <summary>Indexes into the gig's extras.</summary>
    public List<int> Extras { get; set; } = [];

    public int Quantity { get; set; } = 1;

    /// <summary>
    /// Package plus extras when the buyer put it in the cart (or last accepted a new price): checkout compares it
    /// with the live gig and never charges a different price without telling the buyer.
    /// </summary>
    public long UnitPriceMinor { get; set; }

    public string Currency { get; set; } = "USD";

    public DateTimeOffset AddedUtc { get; set; }
}

public enum CouponKind
{
    /// <summary><see cref="Coupon.Amount"/> is in basis points (1000 = 10%).</summary>
    Percent,

    /// <summary><see cref="Coupon.Amount"/> is in minor units of the store's currency.</summary>
    Fixed,
}

public sealed class Coupon
{
    public int Id { get; set; }

    /// <summary>Upper case; buyers may type it in any case.</summary>
    public string Code { get; set; } = "";

    public CouponKind Kind { get; set; }

    public long Amount { get; set; }

    public DateTimeOffset? StartsUtc { get; set; }

    public DateTimeOffset? EndsUtc { get; set; }

    /// <summary>Uses in all (null: no limit).</summary>
    public int? MaxUses { get; set; }

    /// <summary>Uses per buyer (null: no limit).</summary>
    public int? MaxUsesPerBuyer { get; set; }

    /// <summary>The least the gigs it applies to must come to, in minor units (0: any).</summary>
    public long MinOrderMinor { get; set; }

    /// <summary>Limited to gigs in these categories or subcategories (empty: any).</summary>
    public List<int> CategoryIds { get; set; } = [];

    /// <summary>Limited to gigs of these sellers (empty: any).</summary>
    public List<string> SellerIds { get; set; } = [];

    /// <summary>Uses reserved by checkouts that were paid or may still be (released when one fails or expires).</summary>
    public int Uses { get; set; }

    public bool Active { get; set; } = true;

    public DateTimeOffset CreatedUtc { get; set; }
}

/// <summary>How many uses of a coupon a buyer holds: the per-buyer limit is checked and counted on this row in one statement.</summary>
public sealed class CouponBuyerUse
{
    public int CouponId { get; set; }

    public string BuyerId { get; set; } = "";

    public int Uses { get; set; }
}

public enum CheckoutState
{
    /// <summary>Payment started; waiting for the provider.</summary>
    Pending,

    /// <summary>Paid: its orders exist.</summary>
    Completed,

    /// <summary>The provider refused the payment or could not start it.</summary>
    Failed,

    /// <summary>Never paid within its time.</summary>
    Expired,
}

/// <summary>
/// A buyer's payment for what was in the cart, priced and snapshotted when they pressed Pay. Its orders are
/// created from the snapshot when the provider confirms the payment, whatever the gigs say by then.
/// </summary>
public sealed class Checkout
{
    public Guid Id { get; set; }

    /// <summary>The key the provider's payment for this checkout is started with: one payment a checkout, however often it is asked for.</summary>
    public string IdempotencyKey => $"checkout-{Id:N}";

    public string BuyerId { get; set; } = "";

    public string BuyerEmail { get; set; } = "";

    public CheckoutState State { get; set; }

    public string Currency { get; set; } = "USD";

    public string? BuyerCountry { get; set; }

    public long SubtotalMinor { get; set; }

    public long DiscountMinor { get; set; }

    public long FeeMinor { get; set; }

    public long TaxMinor { get; set; }

    public bool TaxIncluded { get; set; }

    public long TotalMinor { get; set; }

    public int? CouponId { get; set; }

    public string? CouponCode { get; set; }

    /// <summary>The priced lines (<see cref="CheckoutLine"/>) as JSON.</summary>
    public string LinesJson { get; set; } = "[]";

    public string Provider { get; set; } = "";

    /// <summary>The storefront's address when the buyer paid ("https://shop.example/t/studio"): links in emails sent later.</summary>
    public string StoreUrl { get; set; } = "";

    /// <summary>The provider's id of the payment attempt (a Checkout Session, a test payment); null until it started.</summary>
    public string? ProviderReference { get; set; }

    public string? FailureMessage { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    /// <summary>After this, a checkout the provider still calls unpaid is expired by reconciliation.</summary>
    public DateTimeOffset ExpiresUtc { get; set; }

    public DateTimeOffset? CompletedUtc { get; set; }

    public IReadOnlyList<CheckoutLine> Lines() => JsonSerializer.Deserialize<List<CheckoutLine>>(LinesJson, JsonSerializerOptions.Web) ?? [];
}

/// <summary>One gig of a checkout as it was bought: the buyer's choice as the gig described it then (<see cref="Item"/>), and its share of every amount.</summary>
public sealed record CheckoutLine(
    LineChoice Item,
    long SubtotalMinor,
    long DiscountMinor,
    long FeeMinor,
    long TaxMinor,
    long TotalMinor,
    bool TaxIncluded)
{
    [JsonIgnore] public int GigId => Item.GigId;
    [JsonIgnore] public string GigSlug => Item.GigSlug;
    [JsonIgnore] public string GigTitle => Item.GigTitle;
    [JsonIgnore] public string SellerId => Item.SellerId;
    [JsonIgnore] public string SellerName => Item.SellerName;
    [JsonIgnore] public PackageSnapshot Package => Item.Package;
    [JsonIgnore] public IReadOnlyList<ExtraSnapshot> Extras => Item.Extras;
    [JsonIgnore] public int Quantity => Item.Quantity;
    [JsonIgnore] public long UnitMinor => Item.UnitMinor;

    /// <summary>Days to deliver: the package's plus each extra's (at least one day).</summary>
    [JsonIgnore] public int DeliveryDays => Item.DeliveryDays;

    /// <summary>Revisions included (null: unlimited).</summary>
    [JsonIgnore] public int? Revisions => Item.Revisions;
}

public sealed record PackageSnapshot(PackageTier Tier, string Name, string Description, long PriceMinor, int DeliveryDays, int? Revisions, IReadOnlyList<string> Features);

public sealed record ExtraSnapshot(int Index, string Title, long PriceMinor, int ExtraDays);

/// <summary>A payment the provider confirmed: one per checkout.</summary>
public sealed class Payment
{
    public int Id { get; set; }

    public Guid CheckoutId { get; set; }

    public string Provider { get; set; } = "";

    /// <summary>The provider's id of the payment, which refunds name.</summary>
    public string ProviderPaymentId { get; set; } = "";

    public long AmountMinor { get; set; }

    public string Currency { get; set; } = "USD";

    public long RefundedMinor { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }
}

public sealed class Refund
{
    public int Id { get; set; }

    public int PaymentId { get; set; }

    public int? OrderId { get; set; }

    public long AmountMinor { get; set; }

    public string ProviderRefundId { get; set; } = "";

    public string? Reason { get; set; }

    public string? ActorId { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }
}

public enum OrderStatus
{
    AwaitingRequirements,
    Cancelled,
}

/// <summary>One gig bought in a checkout, between its buyer and seller, with the price and package as they were bought.</summary>
public sealed class Order
{
    public int Id { get; set; }

    public Guid CheckoutId { get; set; }

    /// <summary>The line of the checkout this order is for: (checkout, line) is unique, so a checkout's orders exist once.</summary>
    public int LineNumber { get; set; }

    public string BuyerId { get; set; } = "";

    public string SellerId { get; set; } = "";

    public string SellerName { get; set; } = "";

    public int GigId { get; set; }

    public string GigTitle { get; set; } = "";

    public string GigSlug { get; set; } = "";

    public CheckoutLine Line { get; set; } = null!;

    public string Currency { get; set; } = "USD";

    public long SubtotalMinor { get; set; }

    public long DiscountMinor { get; set; }

    public long FeeMinor { get; set; }

    public long TaxMinor { get; set; }

    public long TotalMinor { get; set; }

    public long RefundedMinor { get; set; }

    public int PaymentId { get; set; }

    public OrderStatus Status { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }

    /// <summary>"#1042": what buyers, sellers and emails call the order.</summary>
    public string Number => $"#{Id}";
}

/// <summary>An entry of an order's timeline: appended, never changed.</summary>
public sealed class OrderEvent
{
    public long Id { get; set; }

    public int OrderId { get; set; }

    public string Kind { get; set; } = "";

    /// <summary>Who did it; null for the system (a payment confirmation, a job).</summary>
    public string? ActorId { get; set; }

    public string Text { get; set; } = "";

    public DateTimeOffset CreatedUtc { get; set; }
}

public sealed class CommerceSettingsRow
{
    public const int SingleId = 1;

    public int Id { get; set; } = SingleId;

    public string Json { get; set; } = "{}";
}

public enum TestPaymentState
{
    RequiresPayment,
    Succeeded,
    Canceled,
}

/// <summary>The test provider's own record of a payment: what a real provider would hold on its side.</summary>
public sealed class TestPayment
{
    public string Id { get; set; } = "";

    public Guid CheckoutId { get; set; }

    public string IdempotencyKey { get; set; } = "";

    public long AmountMinor { get; set; }

    public string Currency { get; set; } = "USD";

    public TestPaymentState State { get; set; }

    public string? LastError { get; set; }

    public long RefundedMinor { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }
}

public sealed class TestRefund
{
    public string Id { get; set; } = "";

    public string PaymentId { get; set; } = "";

    public string IdempotencyKey { get; set; } = "";

    public long AmountMinor { get; set; }

    public DateTimeOffset CreatedUtc { get; set; }
}
