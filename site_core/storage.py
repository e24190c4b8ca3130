"""Media storages: the local disk by default, or an S3-compatible bucket (MEDIA_S3_BUCKET).

With a bucket, several app servers share the media. Files are read through `storage.open()`
everywhere (search indexer, dossiers, renditions); documents and audio are never streamed by
Django: once the view has decided that the reader may have the file, it answers with a redirect
to a short-lived signed URL (`remote_file_redirect`), and the bucket sends the bytes, Range
requests (206) included.
"""

import functools
import threading
import weakref

from django.conf import settings
from django.core.files.storage import default_storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpResponseRedirect
from django.utils.functional import LazyObject, empty


@functools.cache
def _s3_storage_class():
    from storages.backends.s3 import S3Storage  # the optional `s3` extra

    class MediaS3Storage(S3Storage):
        """django-storages' S3Storage, with URLs made for the address browsers use
        (`public_url`) when the app servers reach the bucket by another one (compose's
        http://minio:9000). Signing is computed locally: that client never connects."""

        serves_by_redirect = True

        def __init__(self, *, public_url=None, **options):
            self.public_url = public_url
            self._public_clients = threading.local()
            super().__init__(**options)

        def _public_client(self, signed: bool):
            import botocore
            from botocore.config import Config

            key = "signed" if signed else "unsigned"
            client = getattr(self._public_clients, key, None)
            if client is None:
                config = self.client_config
                if not signed:
                    config = config.merge(Config(signature_version=botocore.UNSIGNED))
                client = self._create_session().client(
                    "s3",
                    region_name=self.region_name,
                    endpoint_url=self.public_url,
                    config=config,
                    verify=self.verify,
                )
                setattr(self._public_clients, key, client)
            return client

        def url(self, name, parameters=None, expire=None, http_method=None):
            if not self.public_url or self.custom_domain:
                return super().url(name, parameters, expire, http_method)
            from storages.utils import clean_name

            params = {
                **(parameters or {}),
                "Bucket": self.bucket_name,
                "Key": self._normalize_name(clean_name(name)),
            }
            return self._public_client(self.querystring_auth).generate_presigned_url(
                "get_object",
                Params=params,
                ExpiresIn=expire or self.querystring_expire,
                HttpMethod=http_method,
            )

    return MediaS3Storage


def __getattr__(name):
    # `site_core.storage.MediaS3Storage` (STORAGES' BACKEND) without importing boto3 when the
    # media stay on the local disk.
    if name == "MediaS3Storage":
        return _s3_storage_class()
    raise AttributeError(name)


class RenditionStorage(LazyObject):
    """Wagtail's WAGTAILIMAGES_RENDITION_STORAGE: STORAGES["renditions"] when there is one (a
    bucket: renditions have plain, lasting URLs that cached pages can hold), else the default
    storage. Lazy, like Django's default_storage, so that it follows changes of STORAGES."""

    instances: list = []  # weak references (a LazyObject's hash would load its storage)

    def __init__(self):
        super().__init__()
        RenditionStorage.instances.append(weakref.ref(self))

    def _setup(self):
        alias = "renditions" if "renditions" in settings.STORAGES else "default"
        self._wrapped = storages[alias]


rendition_storage = RenditionStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        for ref in RenditionStorage.instances:  # Wagtail's field holds its own instance
            instance = ref()
            if instance is not None:
                instance._wrapped = empty


def serves_by_redirect(file) -> bool:
    """Whether this file lives in a bucket that readers fetch from directly."""
    storage = getattr(file, "storage", None) or default_storage
    return bool(getattr(storage, "serves_by_redirect", False))


def remote_file_redirect(
    file, *, public: bool, content_type: str = "", filename: str = "", attachment: bool = False
):
    """A redirect to a signed URL of a file in a bucket, or None for a file on the local disk.

    Call it only after the permission check. `public`: the file belongs to a live page without
    restriction, so caches may keep the redirect briefly (well within the URL's validity); any
    other file's redirect and content are marked `private, no-store`.
    """
    if not serves_by_redirect(file):
        return None
    storage = file.storage
    expiry = storage.querystring_expire
    cache_control = f"public, max-age={max(expiry // 5, 1)}" if public else "private, no-store"
    parameters = {"ResponseCacheControl": cache_control}
    if content_type:
        parameters["ResponseContentType"] = content_type
    if attachment and filename:
        from django.utils.http import content_disposition_header

        parameters["ResponseContentDisposition"] = content_disposition_header(True, filename)
    response = HttpResponseRedirect(storage.url(file.name, parameters=parameters, expire=expiry))
    response["Cache-Control"] = cache_control
    return response
