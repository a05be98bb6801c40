using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace GigStore.Shell.Mvc;

/// <summary>Error pages in the tenant's theme, or ProblemDetails for /api requests.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
[Route("error")]
public sealed class ErrorController : Controller
{
    [Route("{status:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Status(int status)
    {
        // A request the framework could not read (a query value of the wrong type, a body that is not JSON) is the
        // client's mistake, not ours: its status, with what was wrong for an API caller.
        string? detail = null;
        if (HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error is BadHttpRequestException bad)
        {
            status = bad.StatusCode;
            detail = bad.Message;
        }

        var original = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path
            ?? "";
        if (original.StartsWith("/api/", StringComparison.OrdinalIgnoreCase) || Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Problem(statusCode: status, title: ReasonPhrases.GetReasonPhrase(status), detail: detail);
        }

        Response.StatusCode = status;
        return View("Error", new ErrorModel(status, ReasonPhrases.GetReasonPhrase(status)));
    }
}

public sealed record ErrorModel(int Status, string Title)
{
    public string Message => Status switch
    {
        StatusCodes.Status404NotFound => "We couldn't find that page. It may have moved, or the link may be wrong.",
        StatusCodes.Status403Forbidden => "You don't have access to this page.",
        StatusCodes.Status429TooManyRequests => "Too many attempts in a short time. Please wait a minute and try again.",
        StatusCodes.Status413PayloadTooLarge => "The upload is too large. Please go back and choose smaller or fewer files.",
        StatusCodes.Status400BadRequest => "The request could not be understood. Please go back and try again.",
        >= 500 => "Something went wrong on our side. Please try again in a moment.",
        _ => "The request could not be completed.",
    };
}
