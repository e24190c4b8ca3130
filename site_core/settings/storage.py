"""Media in an S3-compatible bucket (AWS S3, MinIO, Scaleway, OVH...): the STORAGES entries.

Plain dictionaries, no import of boto3: base.py calls these when MEDIA_S3_BUCKET is set, and the
object-storage tests call them with the address of their own S3 server, so both use one recipe.
"""

from urllib.parse import urlsplit


def s3_storages(
    *,
    bucket: str,
    endpoint_url: str = "",
    public_url: str = "",
    region: str = "",
    access_key: str = "",
    secret_key: str = "",
    custom_domain: str = "",
    url_expiry: int = 300,
) -> dict:
    """The "default" storage (private: every URL is signed and expires) and the "renditions"
    storage (Wagtail's resized images, which pages show to everyone: plain URLs, which the
    bucket's policy must let anyone read under `images/`, see docs/operations.md)."""
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        # Empty: boto3 finds credentials itself (AWS_* variables, instance or task role).
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        # Nothing is public by accident: objects are private, URLs signed and short-lived.
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": url_expiry,
        # Two uploads with the same name must not overwrite each other (the library's default).
        "file_overwrite": False,
        "signature_version": "s3v4",
        # MinIO and most self-hosted servers have no per-bucket DNS names.
        "addressing_style": "path" if endpoint_url else None,
        "public_url": public_url or None,
    }
    renditions = {**options, "querystring_auth": False, "custom_domain": custom_domain or None}
    if custom_domain:
        renditions["url_protocol"] = "https:"
    return {
        "default": {"BACKEND": "site_core.storage.MediaS3Storage", "OPTIONS": options},
        "renditions": {"BACKEND": "site_core.storage.MediaS3Storage", "OPTIONS": renditions},
    }


def s3_origins(
    *,
    endpoint_url: str = "",
    public_url: str = "",
    region: str = "",
    bucket: str = "",
    custom_domain: str = "",
) -> list[str]:
    """The origins browsers fetch media from (Content-Security-Policy's img-src, media-src)."""
    origins = []
    address = public_url or endpoint_url
    if address:
        parts = urlsplit(address)
        origins.append(f"{parts.scheme}://{parts.netloc}")
    else:  # AWS: virtual-hosted URLs
        origins.append(f"https://{bucket}.s3.amazonaws.com")
        if region:
            origins.append(f"https://{bucket}.s3.{region}.amazonaws.com")
    if custom_domain:
        origins.append(f"https://{custom_domain}")
    return origins
