def test_a_file_already_stored_is_not_read_again(tmp_path, settings):
    from members.models import WorkingGroupDocument

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    document = WorkingGroupDocument(title="Ancien")
    document.file.name = "private/groups/absent.pdf"  # committed, and not even on disk
    field = WorkingGroupDocument._meta.get_field("file")
    field.run_validators(document.file)
