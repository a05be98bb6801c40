using GigStore.Commerce.Data;

namespace GigStore.Commerce.Orders;

/// <summary>How pages say an order's status.</summary>
public static class OrderText
{
    public static string Status(OrderStatus status) => status switch
    {
        OrderStatus.AwaitingRequirements => "Waiting for requirements",
        OrderStatus.Cancelled => "Cancelled",
        _ => status.ToString(),
    };
}
