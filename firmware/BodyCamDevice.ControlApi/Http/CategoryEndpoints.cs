// Categories: the store's list as the camera knows it, and a recording's categories, read and
// set. Setting goes through the controller (the same decision the function button's gesture
// makes), which answers once the signed record is on storage and audited. A recording is named by
// its ID or by one of its clips' names; /recording/categories is the current recording, else the
// last one since power on. Answers: 400 for an unknown category (named) or a bad body, 404 for no
// such recording, 409 when the camera is docked, knows no categories yet or has no recording to
// put them on, 500 when the record could not be written (nothing changed).
using BodyCamDevice.ControlApi.Contracts;
using BodyCamDevice.ControlApi.Rig;
using BodyCamDevice.Firmware.Core.Categories;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace BodyCamDevice.ControlApi.Http;

internal static class CategoryEndpoints
{
    /// <summary>More categories than any store lists is a mistaken request.</summary>
    private const int MostCategories = 32;

    public static void Map(IEndpointRouteBuilder api, RigDevice rig)
    {
        api.MapGet("/categories", () => CategoriesView.From(rig.Controller.Categories)).Takes();

        api.MapGet("/recordings/{name}/categories", (string name) =>
            rig.Recordings.RecordingId(name) is { } id
                ? Results.Ok(rig.Recordings.CategoriesOf(id))
                : NotFound(name)).Takes();

        api.MapPut("/recordings/{name}/categories", async (string name, CategoriesRequest body) =>
            Check(body) ?? (rig.Recordings.RecordingId(name) is { } id
                ? await SetAsync(rig, id, body).ConfigureAwait(false)
                : NotFound(name))).Takes(body: true);

        api.MapPut("/recording/categories", async (CategoriesRequest body) =>
            Check(body) ?? await SetAsync(rig, null, body).ConfigureAwait(false)).Takes(body: true);
    }

    private static IResult? Check(CategoriesRequest body)
    {
        if (body.Categories.Count > MostCategories)
        {
            return RequestChecks.Invalid($"categories must list at most {MostCategories} IDs, not {body.Categories.Count}.");
        }

        return body.Categories.FirstOrDefault(id => string.IsNullOrWhiteSpace(id) || id.Length > 64) is { } bad
            ? RequestChecks.Invalid($"categories must be category IDs from GET /api/categories (1 to 64 characters), not '{bad}'.")
            : null;
    }

    private static async Task<IResult> SetAsync(RigDevice rig, string? recordingId, CategoriesRequest body)
    {
        var result = await rig.Controller.SetCategories(recordingId, body.Categories, "control api").ConfigureAwait(false);
        return result.Outcome switch
        {
            CategoryChangeOutcome.Set => Results.Ok(rig.Recordings.CategoriesOf(result.Assignment!.RecordingId)),
            CategoryChangeOutcome.UnknownCategory => Results.BadRequest(new ErrorView(Sentence(result.Detail))),
            CategoryChangeOutcome.Failed => Results.Json(new ErrorView(Sentence(result.Detail)), ControlApiJson.ErrorViewInfo, statusCode: StatusCodes.Status500InternalServerError),
            _ => Results.Conflict(new ErrorView(Sentence(result.Detail))),
        };
    }

    private static string Sentence(string detail) => char.ToUpperInvariant(detail[0]) + detail[1..] + (detail.EndsWith('.') ? "" : ".");

    private static IResult NotFound(string name) => Results.NotFound(new ErrorView($"No recording '{name}' (a recording ID or one of its clips' names)."));
}
