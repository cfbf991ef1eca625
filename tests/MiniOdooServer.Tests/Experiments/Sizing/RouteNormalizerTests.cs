using MiniOdooServer.Experiments.Sizing.Log;

namespace MiniOdooServer.Tests.Experiments.Sizing;

public sealed class RouteNormalizerTests
{
    [Theory]
    [InlineData("/web/dataset/call_kw/sale.order/web_read", "/web/dataset/call_kw/sale.order/web_read")]
    [InlineData("/web/dataset/call_kw/sale.order/web_read?x=1", "/web/dataset/call_kw/sale.order/web_read")]
    [InlineData("/web/image/res.partner/42/avatar_128", "/web/image/res.partner/<id>/avatar_128")]
    [InlineData("/web/content/1234-9f8e7d6?download=true", "/web/content/<id>")]
    [InlineData("/web/webclient/load_menus/0123456789abcdef0123456789abcdef01234567", "/web/webclient/load_menus/<id>")]
    [InlineData("/web/assets/1a2b3c4d/web.assets_web.min.js", "/web/assets/<id>/web.assets_web.min.js")]
    [InlineData("/odoo/sales/17", "/odoo/sales/<id>")]
    [InlineData("/shop/cart/update_json", "/shop/cart/update_json")]
    [InlineData("/web/binary/company_logo", "/web/binary/company_logo")]
    [InlineData("/websocket/6f9619ff-8b86-d011-b42d-00cf4fc964ff", "/websocket/<id>")]
    [InlineData("/facade/deadbeef", "/facade/deadbeef")]
    [InlineData("?a=1", "/")]
    public void IdsAreReplacedAndQueryStringsDropped(string path, string route)
    {
        Assert.Equal(route, RouteNormalizer.Normalize(path));
    }
}
