"""A street department with a crew, and residents' requests on Alder Street."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from civicdesk.accounts.enums import Role
from civicdesk.accounts.models import User
from civicdesk.catalog.models import Department, Service
from civicdesk.crm.enums import Channel
from civicdesk.crm.services import ContactDetails
from civicdesk.fieldwork.models import Crew
from civicdesk.service_requests.models import ServiceRequest
from civicdesk.service_requests.services import Location, service_request_submit
from tests.factories import DepartmentFactory, ServiceFactory, staff_user


@dataclass(frozen=True)
class Streets:
    department: Department
    pothole: Service
    crew: Crew
    crew_member: User
    supervisor: User


@pytest.fixture
def streets() -> Streets:
    department = DepartmentFactory(code="streets", name="Streets")
    pothole = ServiceFactory(code="POTHOLE", name="Pothole", department=department)
    crew = Crew.objects.create(department=department, code="patch-1", name="Patch crew 1")
    member = staff_user(Role.CREW_MEMBER, department=department, username="carmen")
    crew.members.add(member)
    supervisor = staff_user(Role.SUPERVISOR, department=department, username="sam")
    return Streets(department, pothole, crew, member, supervisor)


def file_pothole(
    *,
    latitude: float,
    longitude: float,
    email: str = "",
    phone: str = "",
    language: str = "en",
    address: str = "",
) -> ServiceRequest:
    contact = (
        ContactDetails(
            first_name="Resident",
            email=email,
            phone=phone,
            language=language,
            wants_email_updates=bool(email),
            wants_sms_updates=bool(phone),
        )
        if email or phone
        else None
    )
    return service_request_submit(
        service_code="POTHOLE",
        location=Location(latitude=latitude, longitude=longitude, address=address),
        channel=Channel.WEB,
        contact=contact,
        language=language,
        now=timezone.now() - timedelta(hours=2),
        notify=False,
    ).service_request


def jpeg(name: str = "done.jpg", *, colour: str = "green") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", (64, 48), colour)
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make: must not survive the upload
    image.save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")
