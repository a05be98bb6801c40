using Microsoft.AspNetCore.Mvc;

namespace GigStore.Web;

/// <summary>The storefront home page; each theme arranges it in its own Views/Home/Index.cshtml.</summary>
public sealed class HomeController : Controller
{
    [HttpGet("/")]
    public IActionResult Index() => View();
}
