"""SQLAlchemy models of the catalogue (pathways, providers, services, calls, places, projects)
and of the intake answers collected in conversations."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Session, declarative_base, relationship

from bot.domain.bits import SUPPORT_ORDER, bits, offer_bits

Base = declarative_base()


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class SourcedMixin:
    """Every catalogue row says where its facts come from and when they were last checked."""

    source_url = Column(String(500), nullable=False)
    last_checked = Column(Date, nullable=False)


service_pathways = Table(
    "service_pathways", Base.metadata,
    Column("service_id", ForeignKey("services.id", ondelete="CASCADE"), primary_key=True),
    Column("pathway_key", ForeignKey("pathways.key"), primary_key=True, index=True),
)
call_pathways = Table(
    "funding_call_pathways", Base.metadata,
    Column("call_id", ForeignKey("funding_calls.id", ondelete="CASCADE"), primary_key=True),
    Column("pathway_key", ForeignKey("pathways.key"), primary_key=True, index=True),
)
project_pathways = Table(
    "cluster_project_pathways", Base.metadata,
    Column("project_id", ForeignKey("cluster_projects.id", ondelete="CASCADE"), primary_key=True),
    Column("pathway_key", ForeignKey("pathways.key"), primary_key=True, index=True),
)
project_cities = Table(
    "cluster_project_cities", Base.metadata,
    Column("project_id", ForeignKey("cluster_projects.id", ondelete="CASCADE"), primary_key=True),
    Column("city_id", ForeignKey("cities.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Pathway(Base):
    __tablename__ = "pathways"
    key = Column(String(20), primary_key=True)
    title = Column(String(200), nullable=False)
    challenge_category = Column(String(200), nullable=False)


class Country(Base):
    __tablename__ = "countries"
    code = Column(String(2), primary_key=True)
    name = Column(String(100), nullable=False)
    group = Column(String(20), nullable=False)  # eu | associated
    source_url = Column(String(500), nullable=False)
    last_checked = Column(Date, nullable=False)


class City(Base):
    """A city the catalogue names: a Mission City, or a city in a cluster project."""

    __tablename__ = "cities"
    __table_args__ = (UniqueConstraint("name", "country_code"),)
    id = Column(Integer, primary_key=True)
    name = Column(String(200), nullable=False)
    name_key = Column(String(200), nullable=False, index=True)  # folded, for matching
    country_code = Column(String(2), nullable=False, index=True)
    is_mission_city = Column(Boolean, nullable=False, default=False)
    mission_source_url = Column(String(500))
    projects = relationship("ClusterProject", secondary=project_cities, back_populates="cities")


class Provider(SourcedMixin, Base):
    __tablename__ = "providers"
    id = Column(Integer, primary_key=True)
    key = Column(String(80), nullable=False, unique=True)
    name = Column(String(200), nullable=False)
    url = Column(String(500), nullable=False)


class EligibilityMixin:
    audience = Column(String(20), nullable=False, default="all")
    countries = Column(JSON, nullable=False, default=list)  # ISO codes; empty = all eligible
    opens_on = Column(Date)
    summary = Column(Text, nullable=False, default="")
    url = Column(String(500), nullable=False)
    # Derived from `pathways` and `countries` on every flush (bot/domain/bits.py), for matching.
    pathway_mask = Column(Integer, nullable=False, default=0, server_default="0")
    country_mask = Column(BigInteger, nullable=False, default=0, server_default="0")
    country_count = Column(Integer, nullable=False, default=0, server_default="0")

    def refresh_bits(self) -> None:
        for column, value in offer_bits((pathway.key for pathway in self.pathways),
                                        self.countries or []).items():
            setattr(self, column, value)


class Service(SourcedMixin, EligibilityMixin, Base):
    __tablename__ = "services"
    id = Column(Integer, primary_key=True)
    key = Column(String(120), nullable=False, unique=True)
    name = Column(String(300), nullable=False)
    provider_id = Column(ForeignKey("providers.id"), nullable=False, index=True)
    kind = Column(String(40), nullable=False)
    support = Column(JSON, nullable=False, default=list)  # support keys
    min_population = Column(Integer)
    max_population = Column(Integer)
    closes_on = Column(Date, index=True)
    format = Column(String(20))  # online | in_person | mixed
    group_format = Column(String(20))  # individual | group | both
    languages = Column(JSON, nullable=False, default=list, server_default="[]")  # ISO 639-1
    support_mask = Column(Integer, nullable=False, default=0, server_default="0")
    provider = relationship("Provider", lazy="joined")
    pathways = relationship("Pathway", secondary=service_pathways, lazy="selectin")

    def refresh_bits(self) -> None:
        super().refresh_bits()
        self.support_mask = bits(self.support or [], SUPPORT_ORDER)


class FundingCall(SourcedMixin, EligibilityMixin, Base):
    __tablename__ = "funding_calls"
    id = Column(Integer, primary_key=True)
    identifier = Column(String(200), nullable=False, unique=True)
    title = Column(String(500), nullable=False)
    programme = Column(String(100), nullable=False)
    status = Column(String(20), nullable=False, index=True)  # forthcoming | open | closed
    deadline = Column(Date, index=True)
    second_deadline = Column(Date)
    origin = Column(String(20), nullable=False, default="catalogue",
                    server_default="catalogue")  # catalogue (data files) | portal (sync)
    keywords = Column(JSON, nullable=False, default=list, server_default="[]")
    synced_at = Column(DateTime(timezone=True))  # last time the portal listed it
    pathways = relationship("Pathway", secondary=call_pathways, lazy="selectin")
    __table_args__ = (Index("ix_funding_calls_pathway_mask_deadline", "pathway_mask", "deadline"),
                      Index("ix_funding_calls_country_count", "country_count"))


@event.listens_for(Session, "before_flush")
def _refresh_offer_bits(session: Session, _context, _instances) -> None:
    """Keep each offer's bit sets true to its lists, whoever writes it (seed, sync, console)."""
    with session.no_autoflush:
        for row in (*session.new, *session.dirty):
            if isinstance(row, (Service, FundingCall)):
                row.refresh_bits()


class ClusterProject(SourcedMixin, Base):
    __tablename__ = "cluster_projects"
    id = Column(Integer, primary_key=True)
    key = Column(String(80), nullable=False, unique=True)
    name = Column(String(200), nullable=False)
    thematic_areas = Column(JSON, nullable=False, default=list)
    summary = Column(Text, nullable=False, default="")
    url = Column(String(500), nullable=False)
    pathways = relationship("Pathway", secondary=project_pathways, lazy="selectin")
    cities = relationship("City", secondary=project_cities, back_populates="projects",
                          lazy="selectin")


class IntakeAnswer(Base):
    """What a city told the bot in one orientation conversation, for the Helpdesk's analysis."""

    __tablename__ = "intake_answers"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, unique=True)
    city = Column(String(200))
    country_code = Column(String(2))
    geonameid = Column(Integer)
    is_mission_city = Column(Boolean)
    readiness = Column(String(30))
    challenge_text = Column(Text)
    pathways = Column(JSON, nullable=False, default=list)  # [{"pathway": key, "confidence": p}]
    support_wanted = Column(JSON, nullable=False, default=list)
    skipped = Column(JSON, nullable=False, default=list)  # questions the user skipped
    language = Column(String(8))  # the conversation's language
    population = Column(Integer)  # the gazetteer's, for the size class
    city_key = Column(String(220), index=True)  # one key per city (bot.domain.insights.city_key)
    pathways_outcome = Column(String(20))  # sure | confirmed | corrected | unread
    excluded = Column(Boolean, nullable=False, default=False, server_default=sa_false())
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow,
                        index=True)
    pathway_rows = relationship("IntakePathway", cascade="all, delete-orphan",
                                passive_deletes=True)
    support_rows = relationship("IntakeSupport", cascade="all, delete-orphan",
                                passive_deletes=True)


class OrientationProgress(Base):
    """How far a conversation got in the orientation: the question it was asked last, so that
    the insights can say where people leave. Written on every question, before any answer is
    complete; the answers themselves are in IntakeAnswer."""

    __tablename__ = "orientation_progress"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, unique=True)
    question = Column(String(40))  # None once every question is answered
    language = Column(String(8))
    excluded = Column(Boolean, nullable=False, default=False, server_default=sa_false())
    started_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)


class RecommendationShown(Base):
    """An offer shown in a conversation, once per conversation, for the insights' count of
    recommendations per service and call."""

    __tablename__ = "recommendations_shown"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False)
    kind = Column(String(20), nullable=False)  # service | call | peer
    key = Column(String(200), nullable=False)
    name = Column(String(500), nullable=False)
    shown_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    __table_args__ = (UniqueConstraint("conversation_id", "kind", "key",
                                       name="uq_recommendations_shown_once"),)


class IntakePathway(Base):
    """One pathway of one conversation's answers, a row each so that the figures are counted
    by the database (JSON lists cannot be grouped the same way on SQLite and PostgreSQL)."""

    __tablename__ = "intake_pathways"
    intake_id = Column(ForeignKey("intake_answers.id", ondelete="CASCADE"), primary_key=True)
    pathway_key = Column(String(20), primary_key=True, index=True)
    confidence = Column(Float, nullable=False)
    is_primary = Column(Boolean, nullable=False, default=False)


class IntakeSupport(Base):
    """One kind of support one conversation asked for."""

    __tablename__ = "intake_support"
    intake_id = Column(ForeignKey("intake_answers.id", ondelete="CASCADE"), primary_key=True)
    support_key = Column(String(40), primary_key=True, index=True)


class Escalation(Base):
    """A conversation handed to the Helpdesk: written before anything else happens."""

    __tablename__ = "escalations"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    reason = Column(String(40), nullable=False)
    status = Column(String(20), nullable=False, default="open", index=True)  # open|claimed|resolved
    summary = Column(Text, nullable=False, default="")
    profile = Column(JSON, nullable=False, default=dict)  # city, country, readiness, challenges …
    pathways = Column(JSON, nullable=False, default=list)
    recommendations_shown = Column(JSON, nullable=False, default=list)
    transcript_ref = Column(String(500), nullable=False)  # the tracker in Rasa's HTTP API
    language = Column(String(8), nullable=False, default="en")  # the conversation's language
    contact_email = Column(String(320))  # only with the user's consent, only to answer
    user_message = Column(Text)
    assignee = Column(String(120))
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    claimed_at = Column(DateTime(timezone=True))
    resolved_at = Column(DateTime(timezone=True))
    updated_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, onupdate=utcnow)


class OutboxMessage(Base):
    """A notification to send at least once, kept until delivered (survives restarts)."""

    __tablename__ = "outbox"
    id = Column(Integer, primary_key=True)
    escalation_id = Column(ForeignKey("escalations.id", ondelete="CASCADE"), nullable=False,
                           index=True)
    kind = Column(String(40), nullable=False)
    payload = Column(JSON, nullable=False)
    attempts = Column(Integer, nullable=False, default=0)
    next_attempt_at = Column(DateTime(timezone=True), nullable=False, default=utcnow, index=True)
    delivered_at = Column(DateTime(timezone=True), index=True)
    last_error = Column(Text)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class HelpdeskUser(Base):
    __tablename__ = "helpdesk_users"
    id = Column(Integer, primary_key=True)
    username = Column(String(120), nullable=False, unique=True)
    password_hash = Column(String(300), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False, default=utcnow)


class AuditEntry(Base):
    """A security-relevant act: who (as given), from where, what, and on what; never content."""

    __tablename__ = "audit_log"
    id = Column(Integer, primary_key=True)
    at = Column(DateTime(timezone=True), nullable=False, default=utcnow)
    action = Column(String(40), nullable=False)
    actor = Column(String(100), nullable=False)
    source = Column(String(64), nullable=False)
    subject = Column(String(255), nullable=False, default="", server_default="")
    __table_args__ = (Index("ix_audit_log_action_at", "action", "at"),)
