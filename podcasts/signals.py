"""Keep episodes' audio facts true when a file is replaced in the media library."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtailmedia.models import get_media_model


@receiver(post_save, sender=get_media_model(), dispatch_uid="podcasts_media_saved")
def remeasure_episodes(sender, instance, created, **kwargs):
    from .models import PodcastEpisodePage

    if created or instance.type != "audio":
        return
    for episode in PodcastEpisodePage.objects.filter(audio=instance).select_related("audio"):
        if episode.refresh_audio_facts():
            # The live row only: the next publication measures again (see refresh_audio_facts).
            PodcastEpisodePage.objects.filter(pk=episode.pk).update(
                audio_duration=episode.audio_duration,
                audio_size=episode.audio_size,
                audio_mime_type=episode.audio_mime_type,
            )
